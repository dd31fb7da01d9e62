package config

// Example is the commented configuration file that `cudoscan config init`
// writes. Every setting is shown with its default, so the file changes
// nothing until it is edited.
const Example = `# cudoscan configuration. cudoscan reads .cudoscan.yaml from the scan root
# (or the working directory; the repository top in the git modes), or the
# file given with --config. Flags on the command line override it:
# --include and --exclude add to the globs here, the others replace the
# setting. Unknown keys are errors. Documentation:
# https://github.com/cudoscan/cudoscan#config-file

# Paths to scan and to skip: doublestar globs on slash-separated paths
# relative to the scan root. A file is scanned when it matches an include
# (or there are none) and no exclude; an excluded directory is not entered.
include:
exclude:
  # - "**/testdata/**"
  # - "vendor/**"

# Paths whose findings are never reported, each with the reason why. They
# are still scanned; --list-suppressed shows what was allowed. "rules"
# limits an entry to some rules, so a real key there is still reported.
allow:
  # - path: "docs/examples/**"
  #   reason: sample keys from the API docs, all revoked
  # - path: "**/*_test.go"
  #   reason: tests spell out malformed headers on purpose
  #   rules: [cudo-auth-header, cudoscan-directive]

# Extra words that count as CUDO context, like the names of CUDO itself:
# an internal name for the CUDO account, say. At least 3 characters each.
context-words:
  # - gpucloud

# Extra values never reported as keys: test fixtures, or placeholders your
# docs use.
placeholders:
  # - my-team-placeholder-key

# Report key findings of at least this confidence: medium or high.
min-confidence: medium

# Findings listed in this file (written by 'cudoscan baseline') are not
# reported. Relative to this file's directory.
# baseline: .cudoscan-baseline.jsonl

# Key verification (--verify): how long to try, and against which API.
verify:
  timeout: 60s     # bound on the whole verification run
  max-wait: 30s    # cap on each wait between retries, whatever the server asks
  jobs: 4          # keys verified at once
  api-url: https://rest.compute.cudo.org
`
