package scenarios

import (
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-dev/parley/sim/safetext"
	"github.com/parley-dev/parley/sim/suggest"
	"go.yaml.in/yaml/v3"
)

// pos is where a value sits in the file.
type pos struct {
	line, col int
	style     yaml.Style
	setBy     string // the --set that replaced it, if any
	lead      int    // characters of space before the text, which sim trims
}

// decoder walks the YAML node tree into a sim.Spec, collecting every
// problem and remembering the position of every key path.
type decoder struct {
	file    string
	data    []byte
	errs    ErrorList
	failed  map[failKey]bool // the errors in errs, to report each once
	at      map[pathKey]pos
	seeds   [2]maphash.Seed
	sets    map[*yaml.Node]string
	setAt   []setAt             // the --sets that applied, in order
	active  map[*yaml.Node]bool // tree nodes being read, to catch an alias to an enclosing one
	merging map[*yaml.Node]bool // mappings being read, to catch a merge (<<) of an enclosing one
	merged  map[*yaml.Node]mapped
	nodes   int // tree nodes read, aliases expanded
	maxTree int // the most tree nodes allowed
	depth   int // tree levels being read
	tooDeep bool
	aliased int // of those, read through an alias
	inAlias int // aliases being read, one inside another
	work    int // values read, aliases and merges expanded
	budget  int // the most work allowed
}

// mapped is a mapping's pairs, merges expanded, kept so that a mapping
// merged or aliased many times is expanded once.
type mapped struct {
	pairs []pair
	ok    bool
}

// extraWork is how many values aliases and merges may add to a file's
// own: a few times any real scenario's, far below what nested aliases,
// each repeating the last twice, reach in a file of a kilobyte.
const extraWork = 250_000

// errTooMuchWork stops the decoder once aliases and merges have expanded
// beyond the budget; Parse recovers it.
type errTooMuchWork struct{}

// step counts one value read, and stops the decoder when the file, its
// aliases and merges expanded, holds more than the budget allows.
func (d *decoder) step(n *yaml.Node, path string) {
	if d.work++; d.work <= d.budget {
		return
	}
	d.fail(n, path, "expected a file that aliases (*name) and merges (<<) expand to at most %d values (its own %d and %d more), found more: each alias repeats all its anchor holds, so aliases of aliases multiply; are aliases nested too deeply?", d.budget, d.budget-extraWork, extraWork)
	panic(errTooMuchWork{})
}

type failKey struct {
	line, col int
	path, msg string
}

// setAt is a --set and the key path it replaced.
type setAt struct{ path, set string }

// maxTreeNodes bounds a tree's size after aliases are expanded: nested
// aliases can describe a tree exponentially larger than the file.
const maxTreeNodes = 100000

// maxTreeDepth bounds a tree's depth. Every node's key path names all its
// ancestors, so a path's length grows with depth; bounding it keeps the
// memory for paths proportional to the file (a centipede of 200 stages is
// far beyond what is written by hand).
const maxTreeDepth = 200

func (d *decoder) record(path string, n *yaml.Node) {
	k := d.key(path)
	if _, ok := d.at[k]; !ok {
		lead := utf8.RuneCountInString(n.Value) - utf8.RuneCountInString(strings.TrimLeftFunc(n.Value, unicode.IsSpace))
		d.at[k] = pos{n.Line, n.Column, n.Style, d.sets[n], lead}
	}
}

// A pathKey stands for a key path in the position index: two hashes of
// it, 128 bits in all, so that no two paths of a file share one. A deep
// tree's paths are long, and the index holds one for every value.
type pathKey struct{ a, b uint64 }

func (d *decoder) key(path string) pathKey {
	return pathKey{maphash.String(d.seeds[0], path), maphash.String(d.seeds[1], path)}
}

// posAt returns the recorded position of path.
func (d *decoder) posAt(path string) (pos, bool) {
	p, ok := d.at[d.key(path)]
	return p, ok
}

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s, ok := d.sets[n]; ok {
		msg += fmt.Sprintf(" (value from --set %s)", s)
	}
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	// The same node read again through an alias or merge is reported
	// once; a map, not a scan, as a file may hold many thousands of errors.
	k := failKey{line, col, path, msg}
	if d.failed[k] {
		return
	}
	if d.failed == nil {
		d.failed = map[failKey]bool{}
	}
	d.failed[k] = true
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Path: path, Err: errors.New(msg)})
}

var (
	nameRE       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	scenarioIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// freeText reports whether the text at path may hold line breaks and
// tabs: documentation, not names or labels.
func freeText(path string) bool {
	for _, key := range []string{"doc", "description", "source", "reason"} {
		if path == key || strings.HasSuffix(path, "."+key) {
			return true
		}
	}
	return false
}

// text reports a character in the text of n (a value or key) that would
// act on a terminal instead of printing, at its own position; breaks
// allows line breaks and tabs.
func (d *decoder) text(n *yaml.Node, path string, breaks bool) bool {
	r, off := safetext.BadRune(n.Value, breaks)
	if off < 0 {
		return true
	}
	msg := fmt.Sprintf("expected text without control characters, found %s at character %d", safetext.RuneName(r), off+1)
	if _, ok := d.sets[n]; !ok && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		line, col := scalarOffset(d.data, pos{line: n.Line, col: n.Column, style: n.Style}, off)
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Path: path, Err: errors.New(msg)})
		return false
	}
	d.fail(n, path, "%s", msg)
	return false
}

// name checks a name that is also a key in key paths, such as a choice:
// letters, digits and _ only, as for parameters.
func (d *decoder) name(kn *yaml.Node, path, what string) bool {
	if nameRE.MatchString(kn.Value) {
		return true
	}
	if _, off := safetext.BadRune(kn.Value, false); off >= 0 {
		return false // reported where the key was read
	}
	hint := ""
	if r := strings.NewReplacer("-", "_", " ", "_", ".", "_").Replace(kn.Value); r != kn.Value && nameRE.MatchString(r) {
		hint = fmt.Sprintf("; did you mean %q?", r)
	}
	d.fail(kn, path, "%s %q must be letters, digits and _ (not starting with a digit)%s", what, kn.Value, hint)
	return false
}

// describe names what a node is, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing (null)"
		case "!!str":
			return fmt.Sprintf("the text %q", excerpt(n.Value))
		case "!!bool":
			return "the boolean " + n.Value
		default:
			return excerpt(n.Value)
		}
	}
	return "something else"
}

// maxExcerpt is how many characters of a value a message quotes.
const maxExcerpt = 60

// excerpt shortens a value quoted in a message: a whole file read as one
// value can be megabytes long.
func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= maxExcerpt {
		return s
	}
	return string([]rune(s)[:maxExcerpt]) + "…"
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

type pair struct {
	key   string
	kn, v *yaml.Node
}

// mapping returns the pairs of a mapping in file order, reporting
// duplicate keys and expanding YAML merge keys (<<: *base).
func (d *decoder) mapping(n *yaml.Node, path, what string) ([]pair, bool) {
	at := n // an alias is reported where it is used
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil, true // an empty section
		}
		hint := ""
		if n != nil && n.Kind == yaml.SequenceNode {
			hint = "; write the entries as key: value lines, without a leading -"
		}
		d.fail(at, path, "expected %s (a mapping), found %s%s", what, describe(n), hint)
		return nil, false
	}
	if d.merging[n] {
		d.fail(at, path, "expected %s, found a merge (<<) of the mapping into itself", what)
		return nil, false
	}
	if m, ok := d.merged[n]; ok {
		return m.pairs, m.ok
	}
	if d.merged == nil {
		d.merged = map[*yaml.Node]mapped{}
	}
	pairs, ok := d.expand(n, path, what)
	d.merged[n] = mapped{pairs, ok}
	return pairs, ok
}

// expand is mapping's work for a mapping not yet read.
func (d *decoder) expand(n *yaml.Node, path, what string) ([]pair, bool) {
	if d.merging == nil {
		d.merging = map[*yaml.Node]bool{}
	}
	d.merging[n] = true
	defer delete(d.merging, n)
	// A key written in the mapping overrides a merged one, wherever the
	// merge is; of merged keys, the first wins (YAML's merge rules).
	explicit := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Tag != "!!merge" {
			explicit[k.Value] = true
		}
	}
	var out []pair
	seen := map[string]*yaml.Node{}
	merged := true
	split := d.splitAtComma(n, path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if split[i] {
			continue
		}
		if k.Tag == "!!merge" {
			bases := []*yaml.Node{v}
			if b := deref(v); b != nil && b.Kind == yaml.SequenceNode {
				bases = b.Content // <<: [*a, *b]
			}
			for _, b := range bases {
				d.step(b, path)
				base, ok := d.mapping(b, path, "a mapping to merge")
				merged = merged && ok
				for _, p := range base {
					d.step(p.kn, path)
					if _, dup := seen[p.key]; !dup && !explicit[p.key] {
						seen[p.key] = p.kn
						out = append(out, p)
					}
				}
			}
			continue
		}
		d.step(k, path)
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "expected a plain key, found %s", describe(k))
			continue
		}
		if !d.text(k, join(path, k.Value), false) {
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(k, join(path, k.Value), "key %q is defined twice (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k.Value, k, v})
	}
	// After a failed merge the mapping lacks keys; its users should not
	// report them missing.
	return out, merged
}

// fields checks a mapping's keys against the allowed ones.
func (d *decoder) fields(n *yaml.Node, path, what string, allowed ...string) (map[string]*yaml.Node, bool) {
	pairs, ok := d.mapping(n, path, what)
	if !ok {
		return nil, false
	}
	out := map[string]*yaml.Node{}
	for _, p := range pairs {
		if !slices.Contains(allowed, p.key) {
			d.fail(p.kn, join(path, p.key), "unknown key %q in %s%s (allowed: %s)", p.key, what, suggest.DidYouMean(p.key, allowed), strings.Join(allowed, ", "))
			continue
		}
		out[p.key] = p.v
	}
	return out, true
}

// keyNode returns the key node of key in mapping n.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	d.step(n, path)
	at := n
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.fail(at, path, "expected text, found %s", describe(n))
		return "", false
	}
	d.record(path, n)
	if !d.text(n, path, freeText(path)) {
		return "", false
	}
	return n.Value, true
}

// maxExprLen bounds an expression's text. The expression parser recurses
// once per nested bracket or prefix operator, so that a megabyte of "("
// would overflow the stack; real formulas are a line or two.
const maxExprLen = 10_000

// expr reads an expression: text or a plain number.
func (d *decoder) expr(n *yaml.Node, path string) string {
	d.step(n, path)
	at := n
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Tag == "!!bool" {
		d.fail(at, path, "expected an expression (a number or a formula such as 2 * breach_cost), found %s", describe(n))
		return ""
	}
	d.record(path, n)
	if !d.text(n, path, true) {
		return " " // present but broken, as for a broken prob:
	}
	if k := utf8.RuneCountInString(n.Value); k > maxExprLen {
		d.fail(n, path, "expected an expression of at most %d characters, found %d (split it into derived values)", maxExprLen, k)
		return " "
	}
	return n.Value
}

func (d *decoder) num(n *yaml.Node, path string) (float64, bool) {
	d.step(n, path)
	at := n
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		if n != nil && n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			// YAML reads a number it cannot hold as text; say why.
			if why := outOfRange(n.Value); why != "" {
				d.fail(n, path, "number %s is out of range: %s", n.Value, why)
				return 0, false
			}
		}
		hint := ""
		if n != nil && n.Tag == "!!str" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
				hint = " (remove the quotes to make it a number)"
			}
		}
		d.fail(at, path, "expected a number, found %s%s", describe(n), hint)
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil {
		if iv, ierr := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); ierr == nil {
			v, err = float64(iv), nil
		} else if uv, uerr := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, 64); uerr == nil {
			v, err = float64(uv), nil
		}
	}
	if err != nil || math.IsNaN(v) {
		d.fail(n, path, "expected a finite number, found %s", n.Value)
		return 0, false
	}
	return v, true
}

// outOfRange says why s, a well-formed number, is too large to hold, or
// returns "" if it is not such a number.
func outOfRange(s string) string {
	s = strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseFloat(s, 64); errors.Is(err, strconv.ErrRange) {
		return "a number must lie within ±1.8e308"
	}
	if _, err := strconv.ParseInt(s, 0, 64); errors.Is(err, strconv.ErrRange) {
		return "a whole number in hex, octal or binary must fit in 64 bits"
	}
	return ""
}

func (d *decoder) nums(n *yaml.Node, path string) ([]float64, bool) {
	at := n
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		d.fail(at, path, "expected a list of numbers, found %s", describe(n))
		return nil, false
	}
	d.record(path, n)
	out := make([]float64, 0, len(n.Content))
	ok := true
	for i, c := range n.Content {
		d.record(fmt.Sprintf("%s.%d", path, i), c)
		v, good := d.num(c, fmt.Sprintf("%s.%d", path, i))
		ok = ok && good
		out = append(out, v)
	}
	return out, ok
}
