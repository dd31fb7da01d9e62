package rules

import (
	"bytes"
	"strings"
)

// RuleVMPassword is the ID of the rule this file implements.
const RuleVMPassword = "cudo-vm-password"

// A CUDO VM can be created with a root password (CreateVMBody.password in
// CUDO's OpenAPI spec, UpdateVMPasswordBody to change it, Terraform's
// resource "cudo_vm" { password = ... }). Written as a literal, it is the
// root login of a machine on the internet. The rule looks for a literal
// password where a CUDO VM is made: in a cudo_vm block, next to the fields
// of a CreateVMBody (machineType, dataCenterId, bootDiskImageId, vmId), or
// in a create-VM call of an SDK. Variables, placeholders and generated
// passwords (random_password.x.result) are not literals.

// vmMarkers are what makes a password a VM's: CreateVMBody's fields and
// the SDKs' create calls.
var vmMarkers = []string{"machineType", "machine_type", "dataCenterId", "data_center_id", "bootDiskImageId",
	"boot_disk_image_id", "CreateVMBody", "CreateVmBody", "create_vm", "createVM", "CreateVM", "UpdateVMPassword", "update_vm_password"}

// vmMarkerReach is how far a marker may be from the password: the fields of
// one request body, or the arguments of one call.
const vmMarkerReach = 800

func (d *Detector) findVMPasswords(src []byte, _ Hint, c *Context, out []Match) []Match {
	if !mayMakeVM(src, c.m) {
		return out // the common case, decided without looking for passwords
	}
	blocks := cudoVMBlocks(src)
	passwordAt := func(pos int, _ string) (int, int, bool) { return wordAt(src, pos, 3, "password") }
	assignmentsAt(src, []anchor{foldAnchor("swor")}, passwordAt, func(a assignment) {
		name := strings.ToLower(string(a.name))
		if !a.quoted || (name != "password" && !strings.HasSuffix(name, "password")) ||
			strings.Contains(name, "hash") || strings.Contains(name, "file") || strings.Contains(name, "env") {
			return
		}
		v := src[a.start:a.end]
		if len(v) < 6 || looksPlaceholder(v) || d.placeholders[strings.ToLower(string(v))] {
			return
		}
		where := ""
		switch {
		case inSpans(blocks, a.start):
			where = `a resource "cudo_vm"`
		case markerNear(src, a.start):
			where = "a CUDO VM's creation"
		default:
			return
		}
		out = append(out, Match{RuleID: RuleVMPassword, Severity: SeverityError, Confidence: ConfidenceHigh,
			Start: a.start, End: a.end, Secret: string(v),
			Message: "hard-coded root password of a CUDO VM in " + where +
				": change it on the VM (UpdateVMPassword), prefer SSH keys, and pass a password from a variable or secret store"})
	})
	return out
}

// mayMakeVM is the rule's gate: a file makes a CUDO VM only if it names
// cudo_vm (a CUDO mention, found already) or a machine type field (every
// CreateVMBody and SDK create call has one: machineType, machine_type).
// Looking for passwords is the costly part, so it is done only past this.
// "type" is found in one case-blind pass (forEachFold4), and "machine" is
// checked before each: one read of the text, where a substring search per
// form ("_type", "Type") stopped at the T of every timestamp.
func mayMakeVM(src []byte, m *mentions) bool {
	for _, p := range m.all {
		if p+7 <= len(src) && hasPrefixFold(src[p:], "cudo_vm") {
			return true
		}
	}
	found := false
	forEachFold4(src, foldedWord("type"), func(p int) {
		if found {
			return
		}
		if p > 0 && (src[p-1] == '_' || src[p-1] == '-') {
			p--
		}
		found = p >= len("machine") && hasPrefixFold(src[p-len("machine"):], "machine")
	})
	return found
}

// cudoVMBlocks returns the spans of the resource "cudo_vm" blocks of a
// Terraform file, from the block's name to its closing brace.
func cudoVMBlocks(src []byte) []span {
	var spans []span
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(`"cudo_vm"`))
		if j < 0 {
			return spans
		}
		start := i + j
		i = start + len(`"cudo_vm"`)
		open := bytes.IndexByte(src[i:min(len(src), i+200)], '{')
		if open < 0 {
			continue
		}
		depth, end := 0, len(src)
		for k := i + open; k < len(src); k++ {
			if src[k] == '{' {
				depth++
			} else if src[k] == '}' {
				depth--
				if depth == 0 {
					end = k
					break
				}
			}
		}
		spans = append(spans, span{start, end})
	}
}

func inSpans(spans []span, off int) bool {
	for _, s := range spans {
		if off >= s.lo && off < s.hi {
			return true
		}
	}
	return false
}

// markerNear reports a CreateVMBody field or a create-VM call within reach.
func markerNear(src []byte, off int) bool {
	w := src[max(0, off-vmMarkerReach):min(len(src), off+vmMarkerReach)]
	for _, m := range vmMarkers {
		if bytes.Contains(w, []byte(m)) {
			return true
		}
	}
	return false
}

func init() {
	Register(Rule{ID: RuleVMPassword, Title: "Hard-coded CUDO VM root password", Severity: SeverityError,
		Summary:      "A literal root password given to a CUDO VM (cudo_vm, CreateVMBody, an SDK's create call).",
		NeedsContext: true, Order: 26,
		Find: func(d *Detector, src []byte, hint Hint, c *Context, out []Match) []Match {
			return d.findVMPasswords(src, hint, c, out)
		},
		SecretShape: "a password",
		Tags:        []string{"security", "secrets", "cudo"}, Precision: "high", SecuritySeverity: "8.5",
	})
}
