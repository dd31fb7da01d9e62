package rules

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"", nil},
		{"CUDO_API_KEY", []string{"cudo", "api", "key"}},
		{"cudoApiKey", []string{"cudo", "api", "key"}},
		{"cudoAPIKey", []string{"cudo", "api", "key"}},
		{"CudoAPIKey", []string{"cudo", "api", "key"}},
		{"TF_TEST_CUDO_API_KEY", []string{"tf", "test", "cudo", "api", "key"}},
		{"cudo-api-key", []string{"cudo", "api", "key"}},
		{"cudo.api.key", []string{"cudo", "api", "key"}},
		{"x-api-key", []string{"x", "api", "key"}},
		{"_cudoApiKey", []string{"cudo", "api", "key"}},
		{"apiKeySHA256", []string{"api", "key", "sha256"}},
		{"sha256sum", []string{"sha256sum"}},
		{"HTTPHeader", []string{"http", "header"}},
		{"v1", []string{"v1"}},
		{"__--..", nil},
	}
	for _, tt := range tests {
		if got := splitWords(tt.name); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestClassifyName(t *testing.T) {
	tests := []struct {
		name  string
		extra []string
		want  nameClass
	}{
		// CUDO credentials, in every spelling.
		{"CUDO_API_KEY", nil, nameCudoKey},
		{"cudoApiKey", nil, nameCudoKey},
		{"CUDO_COMPUTE_API_KEY", nil, nameCudoKey},
		{"TF_TEST_CUDO_API_KEY", nil, nameCudoKey},
		{"cudo_token", nil, nameCudoKey},
		{"CudoSecret", nil, nameCudoKey},
		{"process.env.CUDO_API_KEY", nil, nameCudoKey}, // the last dotted segment counts
		{"gpucloud_key", []string{"gpucloud"}, nameCudoKey},
		// A digest or an id, even of a CUDO key.
		{"cudo_api_key_sha256", nil, nameDecoy},
		{"CudoApiKeyHash", nil, nameDecoy},
		{"checksum", nil, nameDecoy},
		{"GIT_COMMIT", nil, nameDecoy},
		{"image_digest", nil, nameDecoy},
		{"build_id", nil, nameDecoy},
		// Another service's credential.
		{"GITHUB_TOKEN", nil, nameForeign},
		{"WANDB_API_KEY", nil, nameForeign},
		// A credential of no named service.
		{"api_key", nil, nameGeneric},
		{"apiKey", nil, nameGeneric},
		{"token", nil, nameGeneric},
		{"MY_PROD_API_KEY", nil, nameGeneric},
		{"Authorization", nil, nameGeneric},
		// The Bearer scheme and helpers named after it.
		{"Bearer", nil, nameBearer},
		{"BearerToken", nil, nameBearer},
		{"bearer_auth", nil, nameBearer},
		// CUDO, but no credential.
		{"cudo", nil, nameCudo},
		{"CudoClient", nil, nameCudo},
		{"cudoscan_key", nil, nameForeign}, // this tool's own name is not CUDO's
		// Noise between a name and its value.
		{"value", nil, nameNoise},
		{"const", nil, nameNoise},
		{"from", nil, nameNoise},
		{"n", nil, nameNoise}, // a fragment of an escape such as \n
		{"", nil, nameNoise},
		// Names that say nothing about credentials.
		{"project", nil, nameOther},
		{"vastai", nil, nameOther},
		{"trainer", nil, nameOther},
	}
	for _, tt := range tests {
		if got := classifyName(tt.name, tt.extra); got != tt.want {
			t.Errorf("classifyName(%q, %q) = %d, want %d", tt.name, tt.extra, got, tt.want)
		}
	}
}

func TestNameOf(t *testing.T) {
	key := seedKey(3)
	tests := []struct {
		name string
		src  string // the value is where {{key}} was
		want string // the name found, "" for none
	}{
		{"same line", `CUDO_API_KEY="` + key + `"`, "CUDO_API_KEY"},
		{"type between", `const CUDO_API_KEY: &str = "` + key + `"`, "CUDO_API_KEY"},
		{"conversion between", `let cudo_api_key = String::from("` + key + `")`, "cudo_api_key"},
		{"scheme after the header name", `Authorization: Basic ` + key, "Authorization"},
		{"bearer keeps its class", `Authorization: Bearer ` + key, "Bearer"},
		{"value field after a name line", "- name: CUDO_API_KEY\n  value: " + key, "CUDO_API_KEY"},
		{"value field in a block", "variable \"cudo_api_key\" {\n  type = string\n  default = \"" + key + "\"\n}", "cudo_api_key"},
		{"value below its key", "cudo_api_key:\n  " + key, "cudo_api_key"},
		{"block scalar", "cudo_api_key: >-\n  " + key, "cudo_api_key"},
		{"CRLF block scalar", "cudo_api_key: |\r\n  " + key, "cudo_api_key"},
		{"bare value", "CUDO_API_KEY=x\n" + key + "  file.tar.gz", ""},
		{"value passed to a command", "CUDO_API_KEY=x\necho \"" + key + "  f\" | sha256sum -c", ""},
		{"first line", key, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			pos := strings.Index(tt.src, key)
			name := Default.nameOf(src, pos)
			if name.text != tt.want {
				t.Errorf("name = %q, want %q", name.text, tt.want)
			}
		})
	}
}
