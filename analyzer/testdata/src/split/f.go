package split

const digestHead = "feedc0de597413a7ec6b931e82ecf314" // half a digest

const releaseDigest = digestHead + "472b288eece9b90fe6c596cf49ed8187" // a digest assembled from halves, named as one: not reported

const fixtureValue = "feedc0de162ed83afa86479620fe0b0ca05123862412dc80cd2d9d077e039f7d" // no name, type, scheme or header says it is a secret: not reported
