// Package nocontext holds hex strings and the Authorization headers of
// some other service. It never names the provider this tool is about, so
// nothing here is reported.
package nocontext

import (
	"net/http"
	"os"
)

const apiKey = "feedc0de8a959a05d932840861af5e7c9667a3b45dcde38dfefd4fea47aa874b" // a generic name, and no file of the package names the provider

const digestHead = "feedc0dee2c0c76fd1ab70b67b10b858"

const release = digestHead + "cf0e0356c0042ff7d55348a2201a8db2" // halves of a digest

func call(req *http.Request) {
	req.Header.Set("Authorization", os.Getenv("API_TOKEN")) // another service's header

	data, _ := os.ReadFile("token")
	req.Header.Set("Authorization", "Bearer"+string(data)+apiKey+release) // the same: not a package that talks to the provider
}
