package gitscan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// PushUpdate is one ref a push updates, as git tells a pre-push hook on
// its stdin, one line per ref (githooks(5)):
//
//	<local ref> SP <local object name> SP <remote ref> SP <remote object name> LF
//
// The local name is the zero id (all zeros: 40 of them, or 64 in a
// SHA-256 repository) when the push deletes the remote ref; the remote
// name is the zero id when the push creates it.
type PushUpdate struct {
	LocalRef, Local   string
	RemoteRef, Remote string
}

// Deletes reports whether the update deletes the remote ref.
func (u PushUpdate) Deletes() bool { return isZeroID(u.Local) }

// Creates reports whether the update creates the remote ref. An empty
// Remote counts as the zero id: the pre-commit framework leaves its
// from-ref empty for a new branch.
func (u PushUpdate) Creates() bool { return isZeroID(u.Remote) }

func isZeroID(s string) bool { return strings.Trim(s, "0") == "" }

// maxPushLine bounds a ref line: two object names and two ref names,
// which git keeps far shorter.
const maxPushLine = 64 << 10

// ParsePushLines reads the ref lines git gives a pre-push hook. A line
// that is not four fields with full object names is an error naming it:
// a hook that misread what is pushed would scan the wrong commits.
func ParsePushLines(rd io.Reader) ([]PushUpdate, error) {
	var ups []PushUpdate
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 0, 4096), maxPushLine)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue // tolerated: typed by hand, or a trailing blank line
		}
		u, err := parsePushLine(line)
		if err != nil {
			return nil, fmt.Errorf("pre-push ref line %d %q: %v", n, line, err)
		}
		ups = append(ups, u)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the pre-push ref lines: %w", err)
	}
	return ups, nil
}

// parsePushLine splits a line from the right: the object names and the
// remote ref hold no space, but the local ref is the source of the
// refspec as the user typed it (HEAD@{1 day ago}:main) and may.
func parsePushLine(line string) (PushUpdate, error) {
	const want = "want <local ref> <local object name> <remote ref> <remote object name>"
	var f [4]string
	rest := line
	for i := 3; i > 0; i-- {
		j := strings.LastIndexByte(rest, ' ')
		if j < 0 {
			return PushUpdate{}, fmt.Errorf("%d fields, %s", 4-i, want)
		}
		rest, f[i] = rest[:j], rest[j+1:]
	}
	f[0] = rest
	u := PushUpdate{LocalRef: f[0], Local: f[1], RemoteRef: f[2], Remote: f[3]}
	switch {
	case u.LocalRef == "" || u.RemoteRef == "":
		return PushUpdate{}, fmt.Errorf("empty ref name, %s", want)
	case !isObjectName(u.Local):
		return PushUpdate{}, fmt.Errorf("local object name %q is not 40 or 64 lowercase hex digits", u.Local)
	case !isObjectName(u.Remote):
		return PushUpdate{}, fmt.Errorf("remote object name %q is not 40 or 64 lowercase hex digits", u.Remote)
	case len(u.Local) != len(u.Remote):
		return PushUpdate{}, fmt.Errorf("object names of different lengths (%d and %d)", len(u.Local), len(u.Remote))
	}
	return u, nil
}

// isObjectName reports whether s is a full SHA-1 or SHA-256 object name
// as git prints it.
func isObjectName(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// PushPlan is what a push sends, as revisions for a history scan.
type PushPlan struct {
	// Revs are the commits to walk (full commit names) and the commits
	// the remote already has (^ and a full commit name), for git log:
	// never starting with "-". Empty when the push sends no commit the
	// remote lacks.
	Revs []string
	// Updates counts the refs pushed, Deletions those deleted.
	Updates, Deletions int
	// NotCommits are the local refs whose new value is no commit (a tag
	// of a tree or a blob): they bring no history to scan.
	NotCommits []string
}

// PushRevs reads the ref lines of a pre-push hook and returns what the
// push sends; remote is the hook's first argument (the remote's name, or
// its URL when it has none).
func (r *Repo) PushRevs(ctx context.Context, remote string, lines io.Reader) (*PushPlan, error) {
	ups, err := ParsePushLines(lines)
	if err != nil {
		return nil, err
	}
	return r.PlanPush(ctx, remote, ups)
}

// PlanPush returns the commits that the updates send to remote:
//
//   - a deletion sends nothing;
//   - an update sends <remote>..<local>: what the new value has and the
//     old one, which the remote holds, lacks;
//   - a new ref, or an update whose old value is not in this repository
//     (a force push over commits never fetched), sends what <local> has
//     and no ref under refs/remotes/<remote>/ has: those are what the
//     remote had at the last fetch. With no such ref, every commit
//     reachable from <local>.
//
// The exclusions of one update are commits the remote holds, so they hold
// for every update: the revisions of all updates are walked as one.
//
// Object names may also be revisions (the pre-commit framework's
// PRE_COMMIT_TO_REF); they are resolved here, so the revisions returned
// are full commit names whatever was given.
func (r *Repo) PlanPush(ctx context.Context, remote string, ups []PushUpdate) (*PushPlan, error) {
	plan := &PushPlan{Updates: len(ups)}
	var names []string
	for _, u := range ups {
		switch {
		case u.Deletes():
			plan.Deletions++
		case u.Creates():
			names = append(names, u.Local)
		default:
			names = append(names, u.Local, u.Remote)
		}
	}
	if len(names) == 0 {
		return plan, nil
	}
	objs, err := r.lookUp(ctx, names)
	if err != nil {
		return nil, err
	}
	var want, have orderedSet
	tracking := false
	for _, u := range ups {
		if u.Deletes() {
			continue
		}
		local := objs[u.Local]
		switch {
		case !local.exists:
			return nil, fmt.Errorf("%s: %s (%s): no such object in the repository", r.Name(), u.LocalRef, u.Local)
		case local.commit == "":
			plan.NotCommits = append(plan.NotCommits, u.LocalRef)
			continue
		}
		want.add(local.commit)
		if old := objs[u.Remote]; !u.Creates() && old.commit != "" {
			have.add(old.commit)
		} else {
			tracking = true
		}
	}
	if want.len() == 0 {
		return plan, nil
	}
	if tracking && remote != "" {
		refs, err := r.trackingCommits(ctx, remote)
		if err != nil {
			return nil, err
		}
		for _, c := range refs {
			have.add(c)
		}
	}
	revs := append([]string(nil), want.list...)
	for _, c := range have.list {
		revs = append(revs, "^"+c)
	}
	some, err := r.anyCommit(ctx, revs)
	if err != nil || !some {
		return plan, err
	}
	plan.Revs = revs
	return plan, nil
}

// object is what lookUp learns of a name: whether it names an object, and
// the commit it peels to ("" when it is none).
type object struct {
	exists bool
	commit string
}

// lookUp resolves names with one git cat-file --batch-check, each both as
// given and peeled to a commit: "missing" for the first means no such
// object, for the second that it is no commit.
func (r *Repo) lookUp(ctx context.Context, names []string) (map[string]object, error) {
	var in strings.Builder
	var queries []string
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		if n == "" || strings.ContainsAny(n, "\n\x00") {
			return nil, fmt.Errorf("%q is not an object name", n)
		}
		queries = append(queries, n, n+"^{commit}")
	}
	for _, q := range queries {
		in.WriteString(q + "\n")
	}
	out, err := outputWithInput(ctx, r.dir, strings.NewReader(in.String()), "cat-file", "--batch-check=%(objectname) %(objecttype)")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(queries) {
		return nil, fmt.Errorf("%s: git cat-file: %d answers to %d queries", r.Name(), len(lines), len(queries))
	}
	objs := map[string]object{}
	for i := 0; i < len(queries); i += 2 {
		n := queries[i]
		o := object{exists: found(lines[i], queries[i]) != ""}
		o.commit = found(lines[i+1], queries[i+1])
		objs[n] = o
	}
	return objs, nil
}

// found returns the object name in a batch-check answer to query, or ""
// when git did not find it (also when a name is ambiguous).
func found(answer, query string) string {
	if answer == query+" missing" || answer == query+" ambiguous" {
		return ""
	}
	name, _, _ := strings.Cut(answer, " ")
	return name
}

// trackingCommits returns the commits of the refs under
// refs/remotes/<remote>/. They are matched as a prefix here, not as a
// for-each-ref pattern: the remote may be a URL, and a URL may hold
// characters that a pattern would read as glob syntax.
func (r *Repo) trackingCommits(ctx context.Context, remote string) ([]string, error) {
	out, err := r.output(ctx, "for-each-ref", "--format=%(objecttype) %(objectname) %(refname)", "refs/remotes")
	if err != nil {
		return nil, err
	}
	prefix := "refs/remotes/" + remote + "/"
	var commits []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		typ, rest, _ := strings.Cut(line, " ")
		name, ref, _ := strings.Cut(rest, " ")
		if typ == "commit" && strings.HasPrefix(ref, prefix) {
			commits = append(commits, name)
		}
	}
	return commits, nil
}

// anyCommit reports whether revs select at least one commit.
func (r *Repo) anyCommit(ctx context.Context, revs []string) (bool, error) {
	args := append([]string{"rev-list", "--max-count=1", "--end-of-options"}, revs...)
	out, err := r.output(ctx, append(args, "--")...)
	if err != nil {
		return false, err
	}
	return len(strings.TrimSpace(string(out))) > 0, nil
}

// orderedSet keeps strings in the order first added, once each.
type orderedSet struct {
	list []string
	seen map[string]bool
}

func (s *orderedSet) add(v string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[v] {
		s.seen[v] = true
		s.list = append(s.list, v)
	}
}

func (s *orderedSet) len() int { return len(s.list) }
