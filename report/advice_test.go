package report

import (
	"strings"
	"testing"
)

func TestRevokeAdvice(t *testing.T) {
	advice := RevokeAdvice()
	for _, s := range []string{
		"https://compute.cudo.org/profile/api-keys",
		"DELETE /v1/api-keys/{name}",
		"create a new key, deploy it",
		"git history does not un-leak",
		"delete API keys you did not create",
		"SSH keys",
		"VM passwords",
		"rotate your object-storage keys",
		"check billing",
		"cudoscan revoke",
	} {
		if !strings.Contains(advice, s) {
			t.Errorf("RevokeAdvice() lacks %q", s)
		}
	}
}
