package scanner

// testHook, when a test sets it, is called at the moments a tree can change
// under a scan, so that the test can change it exactly then: "readdir"
// before a directory is listed, "open" before a file is opened, "opened"
// right after. It is never set outside tests.
var testHook func(event, path string)

func hook(event, path string) {
	if testHook != nil {
		testHook(event, path)
	}
}
