package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/cudoscan/cudoscan/config"
)

func runConfig(_ context.Context, e *env, args []string) int {
	usage := func() {
		fmt.Fprintln(e.stderr, `Usage:
  cudoscan config init [FILE]   write a commented example configuration (default `+config.FileName+`);
                                an existing file is never overwritten
  cudoscan config check [FILE]  check a configuration file (default `+config.FileName+`)`)
	}
	if len(args) == 0 {
		usage()
		return exitError
	}
	file := config.FileName
	switch len(args) {
	case 1:
	case 2:
		file = args[1]
	default:
		usage()
		return exitError
	}
	switch args[0] {
	case "init":
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return e.errorf("%s already exists: not overwritten (edit it, or remove it first)", file)
		}
		if err != nil {
			return e.errorf("%v", err)
		}
		_, err = f.WriteString(config.Example)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(file) // created above: never leave half an example
			return e.errorf("writing %s: %v", file, err)
		}
		fmt.Fprintf(e.stderr, "wrote %s: every setting is at its default until you edit it\n", file)
		return exitClean
	case "check":
		if _, err := config.Load(file); err != nil {
			return e.errorf("%v", err)
		}
		fmt.Fprintf(e.stdout, "%s: ok\n", file)
		return exitClean
	case "help", "-h", "-help", "--help":
		usage()
		return exitClean
	}
	e.errorf("unknown config command %q", args[0])
	usage()
	return exitError
}
