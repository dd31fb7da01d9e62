package report

// RevokeAdvice returns what to do about a live key, as multi-line text
// that the CLI prints once per run (not under each finding): the key, and
// everything else a key lets its holder do to the account, since revoking
// the key does not undo any of it.
func RevokeAdvice() string {
	return `This key works: anyone who has seen it can use your CUDO Compute account.
  1. Revoke it now: cudoscan revoke < keyfile, or
     https://compute.cudo.org/profile/api-keys (or DELETE /v1/api-keys/{name}
     authenticated with another key; the key's name is not secret).
  2. Rotate: create a new key, deploy it where the old one was used,
     verify your services work, then revoke the old key if step 1 is
     not done yet. Until it is revoked, the leaked key stays usable.
  3. Deleting the line or rewriting git history does not un-leak a key:
     clones, forks, caches and CI logs keep copies. Only revocation helps.
  4. Undo what the key could have done: it can mint new API keys, add SSH
     keys, set VM passwords and read object-storage secret keys.
     - delete API keys you did not create (they outlive the leaked one);
     - check the SSH keys of your account and of each VM, and VM passwords;
     - rotate your object-storage keys;
     - check billing, and your projects for VMs, disks or other resources
       you did not create.
  5. Keep the new key in an environment variable (CUDO_API_KEY) or a secret
     store, never in code or a public repository.
`
}
