package split

const cudoKey = keyHead + "71bcae9575e7d55c3bb3bab054192a73" // want `hard-coded CUDO API key split across string constants in cudoKey`
