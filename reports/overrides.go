package reports

import (
	"slices"
	"strings"
)

// Overrides are what the command line changed in the scenario file before
// it was solved: every --set, in order, and the variants applied with
// --variant. The stamp and the JSON documents list them, so that a table
// pasted into a report can be reproduced from its stamp alone (the
// content hash covers the --set values, but cannot be read back).
type Overrides struct {
	Sets     []string `json:"sets"`
	Variants []string `json:"variants"`
}

// stamp returns a provenance stamp with the overrides added before the
// version ("· set parameters.x=1 · parley 0.1.0"): each --set as given,
// and the variants unless the stamp names them already (a run's does).
func (o Overrides) stamp(s string) string {
	var add strings.Builder
	if len(o.Variants) > 0 && !strings.Contains(s, " · variant ") {
		add.WriteString(" · variant " + strings.Join(o.Variants, "+"))
	}
	for _, set := range o.Sets {
		add.WriteString(" · set " + set)
	}
	if add.Len() == 0 || s == "" {
		return s
	}
	if i := strings.LastIndex(s, " · parley "); i >= 0 {
		return s[:i] + add.String() + s[i:]
	}
	return s + add.String()
}

// Apply adds the overrides to a document's stamp.
func (o Overrides) Apply(d *Document) {
	d.Provenance = o.stamp(d.Provenance)
}

// ApplyJSON records the overrides in a JSON document built by this
// package (the run, the analyses, solve), and adds them to its stamp.
// Other values are left alone.
func (o Overrides) ApplyJSON(doc any) {
	if d, ok := doc.(interface{ setOverrides(Overrides) }); ok {
		d.setOverrides(o.clean())
	}
}

// clean makes the lists non-nil, so that JSON has [] and never null.
func (o Overrides) clean() Overrides {
	return Overrides{Sets: append([]string{}, o.Sets...), Variants: append([]string{}, o.Variants...)}
}

// String writes the overrides as command-line flags, or "no overrides".
func (o Overrides) String() string {
	var parts []string
	for _, v := range o.Variants {
		parts = append(parts, "--variant "+v)
	}
	for _, set := range o.Sets {
		parts = append(parts, "--set "+set)
	}
	if len(parts) == 0 {
		return "no overrides"
	}
	return strings.Join(parts, " ")
}

// Equal reports whether two sets of overrides are the same.
func (o Overrides) Equal(p Overrides) bool {
	return slices.Equal(o.Sets, p.Sets) && slices.Equal(o.Variants, p.Variants)
}

func (d *RunJSON) setOverrides(o Overrides) {
	d.Overrides = &o
	d.Provenance = o.stamp(d.Provenance)
	if d.Shard != nil {
		d.Checksum = shardChecksum(d) // the seal covers the overrides
	}
}

func (h *HeaderJSON) setOverrides(o Overrides) {
	h.Overrides = o
	h.Provenance = o.stamp(h.Provenance)
}

func (d *SolveJSON) setOverrides(o Overrides) { d.Overrides = o }
