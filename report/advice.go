package report

// RevokeAdvice returns what to do about a live key, as multi-line text for
// the CLI to print under a live or restricted finding.
func RevokeAdvice() string {
	return `This key works: anyone who has seen it can use your CUDO Compute account.
  1. Revoke it now: https://compute.cudo.org/profile/api-keys
     (or DELETE /v1/api-keys/{name} authenticated with another key;
     the key's name is not secret).
  2. Rotate: create a new key, deploy it where the old one was used,
     verify your services work, then revoke the old key if step 1 is
     not done yet. Until it is revoked, the leaked key stays usable.
  3. Deleting the line or rewriting git history does not un-leak a key:
     clones, forks, caches and CI logs keep copies. Only revocation helps.
  4. Check your projects for VMs, disks or other resources you did not create.
  5. Keep the new key in an environment variable (CUDO_API_KEY) or a secret
     store, never in code or a public repository.
`
}
