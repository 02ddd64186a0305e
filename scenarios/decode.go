package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-dev/parley/sim"
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
	at      map[string]pos
	sets    map[*yaml.Node]string
	setAt   []setAt             // the --sets that applied, in order
	active  map[*yaml.Node]bool // tree nodes being read, to catch an alias to an enclosing one
	merging map[*yaml.Node]bool // mappings being read, to catch a merge (<<) of an enclosing one
	nodes   int                 // tree nodes read, aliases expanded
}

// setAt is a --set and the key path it replaced.
type setAt struct{ path, set string }

// maxTreeNodes bounds a tree's size after aliases are expanded: nested
// aliases can describe a tree exponentially larger than the file.
const maxTreeNodes = 100000

func (d *decoder) record(path string, n *yaml.Node) {
	if _, ok := d.at[path]; !ok {
		lead := utf8.RuneCountInString(n.Value) - utf8.RuneCountInString(strings.TrimLeftFunc(n.Value, unicode.IsSpace))
		d.at[path] = pos{n.Line, n.Column, n.Style, d.sets[n], lead}
	}
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
	for _, e := range d.errs {
		if e.Line == line && e.Col == col && e.Path == path && e.Err.Error() == msg {
			return // the same node read again through an alias or merge
		}
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Path: path, Err: errors.New(msg)})
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
			return fmt.Sprintf("the text %q", n.Value)
		case "!!bool":
			return "the boolean " + n.Value
		default:
			return n.Value
		}
	}
	return "something else"
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
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			bases := []*yaml.Node{v}
			if b := deref(v); b != nil && b.Kind == yaml.SequenceNode {
				bases = b.Content // <<: [*a, *b]
			}
			for _, b := range bases {
				base, ok := d.mapping(b, path, "a mapping to merge")
				merged = merged && ok
				for _, p := range base {
					if _, dup := seen[p.key]; !dup && !explicit[p.key] {
						seen[p.key] = p.kn
						out = append(out, p)
					}
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "expected a plain key, found %s", describe(k))
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
			d.fail(p.kn, join(path, p.key), "unknown key %q in %s%s (allowed: %s)", p.key, what, sim.DidYouMean(p.key, allowed), strings.Join(allowed, ", "))
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
	at := n
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.fail(at, path, "expected text, found %s", describe(n))
		return "", false
	}
	d.record(path, n)
	return n.Value, true
}

// expr reads an expression: text or a plain number.
func (d *decoder) expr(n *yaml.Node, path string) string {
	at := n
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Tag == "!!bool" {
		d.fail(at, path, "expected an expression (a number or a formula such as 2 * breach_cost), found %s", describe(n))
		return ""
	}
	d.record(path, n)
	return n.Value
}

func (d *decoder) num(n *yaml.Node, path string) (float64, bool) {
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

var topKeys = []string{"format", "scenario", "title", "source", "description", "parties", "parameters", "derived", "outcomes", "variants", "model"}

func (d *decoder) scenario(root *yaml.Node) *sim.Spec {
	spec := &sim.Spec{}
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			d.fail(root, "", "the file is empty: expected a scenario (scenario:, parties:, outcomes:, model: ...)")
			return nil
		}
		root = root.Content[0]
	}
	d.record("", root)
	top, ok := d.fields(root, "", "a scenario", topKeys...)
	if !ok {
		return nil
	}
	if n, ok := top["format"]; ok {
		if v, ok := d.num(n, "format"); ok && v != 1 {
			d.fail(n, "format", "this Parley reads scenario format 1, found format %v", v)
		}
	}
	if n, ok := top["scenario"]; ok {
		spec.ID, _ = d.str(n, "scenario")
	} else {
		d.fail(root, "scenario", "missing key scenario: (a short id such as istanbul-2025)")
	}
	d.record("scenario", root)
	for _, kv := range []struct {
		key string
		dst *string
	}{{"title", &spec.Title}, {"source", &spec.Source}, {"description", &spec.Description}} {
		if n, ok := top[kv.key]; ok {
			*kv.dst, _ = d.str(n, kv.key)
		}
	}
	if n, ok := top["parties"]; ok {
		d.parties(n, spec)
	} else {
		d.fail(root, "parties", "missing key parties: (who negotiates)")
	}
	if n, ok := top["parameters"]; ok {
		pairs, _ := d.mapping(n, "parameters", "parameters (name: value or distribution)")
		for _, p := range pairs {
			ps, ok := d.param(p, "parameters."+p.key, true)
			if ok {
				spec.Params = append(spec.Params, ps)
			}
		}
	}
	if n, ok := top["derived"]; ok {
		pairs, _ := d.mapping(n, "derived", "derived values (name: expression)")
		for _, p := range pairs {
			path := "derived." + p.key
			d.record(path, p.kn)
			d.record(path+"#key", p.kn)
			ds := sim.DerivedSpec{Name: p.key}
			if v := deref(p.v); v != nil && v.Kind == yaml.MappingNode {
				f, _ := d.fields(v, path, "a derived value", "expr", "doc")
				if e, ok := f["expr"]; ok {
					delete(d.at, path)
					ds.Expr = d.expr(e, path)
				} else {
					d.fail(v, path, "missing key expr: (the formula)")
				}
				if doc, ok := f["doc"]; ok {
					ds.Doc, _ = d.str(doc, path+".doc")
				}
			} else {
				delete(d.at, path)
				ds.Expr = d.expr(p.v, path)
			}
			spec.Derived = append(spec.Derived, ds)
		}
	}
	if n, ok := top["outcomes"]; ok {
		d.outcomes(n, spec)
	} else {
		d.fail(root, "outcomes", "missing key outcomes: (the named results, such as deal: Agreement reached)")
	}
	if n, ok := top["variants"]; ok {
		d.variants(n, spec)
	}
	if n, ok := top["model"]; ok {
		d.model(n, spec)
	} else {
		d.fail(root, "model", "missing key model: (the game: tree)")
	}
	return spec
}

func (d *decoder) parties(n *yaml.Node, spec *sim.Spec) {
	pairs, _ := d.mapping(n, "parties", "parties (id: name or {name, doc})")
	for _, p := range pairs {
		path := "parties." + p.key
		d.record(path, p.kn)
		ps := sim.PartySpec{ID: p.key}
		switch v := deref(p.v); {
		case v != nil && v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			ps.Name = v.Value
		case v != nil && v.Kind == yaml.ScalarNode:
		default:
			f, _ := d.fields(v, path, "a party", "name", "doc")
			if x, ok := f["name"]; ok {
				ps.Name, _ = d.str(x, path+".name")
			}
			if x, ok := f["doc"]; ok {
				ps.Doc, _ = d.str(x, path+".doc")
			}
		}
		spec.Parties = append(spec.Parties, ps)
	}
	if len(pairs) == 0 {
		d.record("parties", n)
	}
}

func (d *decoder) outcomes(n *yaml.Node, spec *sim.Spec) {
	d.record("outcomes", n)
	pairs, _ := d.mapping(n, "outcomes", "outcomes (id: label)")
	for _, p := range pairs {
		path := "outcomes." + p.key
		d.record(path, p.kn)
		os := sim.OutcomeSpec{ID: p.key}
		switch v := deref(p.v); {
		case v != nil && v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			os.Label = v.Value
		case v != nil && v.Kind == yaml.ScalarNode:
		default:
			f, _ := d.fields(v, path, "an outcome", "label", "doc")
			if x, ok := f["label"]; ok {
				os.Label, _ = d.str(x, path+".label")
			}
			if x, ok := f["doc"]; ok {
				os.Doc, _ = d.str(x, path+".doc")
			}
		}
		spec.Outcomes = append(spec.Outcomes, os)
	}
}

// param reads `name: number` or `name: {KIND: args, doc: text}`.
func (d *decoder) param(p pair, path string, allowDoc bool) (sim.ParamSpec, bool) {
	ps := sim.ParamSpec{Name: p.key}
	d.record(path, p.kn)
	v := deref(p.v)
	if v != nil && v.Kind == yaml.ScalarNode {
		x, ok := d.num(v, path)
		ps.Dist = sim.Fixed(x)
		return ps, ok
	}
	pairs, ok := d.mapping(v, path, "a value or a distribution such as {uniform: [0, 1]}")
	if !ok {
		return ps, false
	}
	kinds := sim.DistKindNames()
	allowed := append([]string(nil), kinds...)
	if allowDoc {
		allowed = append(allowed, "doc")
	}
	var found []pair
	for _, q := range pairs {
		switch {
		case q.key == "doc" && allowDoc:
			ps.Doc, _ = d.str(q.v, path+".doc")
		case slices.Contains(kinds, q.key):
			found = append(found, q)
		default:
			d.fail(q.kn, join(path, q.key), "unknown distribution %q%s (have %s)", q.key, sim.DidYouMean(q.key, allowed), strings.Join(kinds, ", "))
			return ps, false
		}
	}
	switch len(found) {
	case 0:
		d.fail(v, path, "expected a distribution (one of %s), found none", strings.Join(kinds, ", "))
		return ps, false
	case 1:
	default:
		d.fail(found[1].kn, path, "expected one distribution, found %s and %s", found[0].key, found[1].key)
		return ps, false
	}
	q := found[0]
	kpath := path + "." + q.key
	if q.key == "fixed" {
		kpath = path
	}
	d.record(kpath, q.kn)
	ps.Dist.Kind = q.key
	args := deref(q.v)
	var kind sim.DistKind
	for _, k := range sim.DistKinds() {
		if k.Name == q.key {
			kind = k
		}
	}
	switch {
	case q.key == "categorical":
		f, ok := d.fields(args, kpath, "a categorical distribution", "values", "weights")
		if !ok {
			return ps, false
		}
		vals, ok1 := f["values"]
		ws, ok2 := f["weights"]
		switch {
		case !ok1 && !ok2:
			d.fail(q.kn, kpath, "categorical needs values: (a list of numbers) and weights: (one per value), found neither")
			return ps, false
		case !ok1:
			d.fail(q.kn, kpath, "categorical needs values: (a list of numbers), found only weights:")
			return ps, false
		case !ok2:
			d.fail(q.kn, kpath, "categorical needs weights: (one per value), found only values:")
			return ps, false
		}
		var g1, g2 bool
		ps.Dist.Values, g1 = d.nums(vals, kpath+".values")
		ps.Dist.Weights, g2 = d.nums(ws, kpath+".weights")
		return ps, g1 && g2
	case args != nil && args.Kind == yaml.ScalarNode:
		x, ok := d.num(args, kpath)
		ps.Dist.Args = []float64{x}
		return ps, ok
	case args != nil && args.Kind == yaml.SequenceNode:
		var ok bool
		ps.Dist.Args, ok = d.nums(args, kpath)
		return ps, ok
	case args != nil && args.Kind == yaml.MappingNode:
		before := len(d.errs)
		f, ok := d.fields(args, kpath, "the arguments of "+q.key, kind.Args...)
		if !ok || len(d.errs) > before {
			return ps, false
		}
		for i, name := range kind.Args {
			x, has := f[name]
			if !has {
				if i >= len(kind.Args)-kind.Opt {
					break
				}
				d.fail(q.kn, kpath, "%s needs %s, found no %s:", q.key, strings.Join(kind.Args[:len(kind.Args)-kind.Opt], ", "), name)
				return ps, false
			}
			val, good := d.num(x, kpath+"."+name)
			if !good {
				return ps, false
			}
			ps.Dist.Args = append(ps.Dist.Args, val)
		}
		return ps, true
	}
	d.fail(args, kpath, "expected the arguments of %s as a list [%s], found %s", q.key, strings.Join(kind.Args, ", "), describe(args))
	return ps, false
}

func (d *decoder) variants(n *yaml.Node, spec *sim.Spec) {
	pairs, _ := d.mapping(n, "variants", "variants (name: {set: ...})")
	for _, p := range pairs {
		path := "variants." + p.key
		d.record(path, p.kn)
		vs := sim.VariantSpec{Name: p.key}
		f, ok := d.fields(p.v, path, "a variant", "doc", "set", "drop")
		if !ok {
			continue
		}
		if x, ok := f["doc"]; ok {
			vs.Doc, _ = d.str(x, path+".doc")
		}
		if x, ok := f["set"]; ok {
			sets, _ := d.mapping(x, path+".set", "parameter overrides (name: value or distribution)")
			for _, q := range sets {
				if ps, ok := d.param(q, path+".set."+q.key, false); ok {
					vs.Set = append(vs.Set, ps)
				}
			}
		}
		if x, ok := f["drop"]; ok {
			vs.Drop = d.strs(x, path+".drop")
		}
		spec.Variants = append(spec.Variants, vs)
	}
}

var modelForms = []string{"tree", "issues", "matrix"}

func (d *decoder) model(n *yaml.Node, spec *sim.Spec) {
	d.record("model", n)
	before := len(d.errs)
	f, ok := d.fields(n, "model", "a model", modelForms...)
	if !ok {
		return
	}
	if len(f) == 0 && len(d.errs) == before {
		d.fail(n, "model", "expected a game form (%s), found none", strings.Join(modelForms, ", "))
		return
	}
	if t, ok := f["tree"]; ok {
		spec.Model.Tree = d.node(t, "model.tree", false)
	}
	if t, ok := f["issues"]; ok {
		spec.Model.Issues = d.issues(t)
	}
	if t, ok := f["matrix"]; ok {
		spec.Model.Matrix = d.matrix(t)
	}
}

var nodeKeys = []string{"label", "doc", "move", "choices", "chance", "prob", "outcome", "payoff"}

func (d *decoder) node(n *yaml.Node, path string, underChance bool) *sim.NodeSpec {
	ns := &sim.NodeSpec{}
	d.record(path, n)
	if dn := deref(n); dn != nil {
		if d.active[dn] {
			d.fail(n, path, "expected a tree node, found the alias *%s to a node that encloses it: a game tree must be finite", n.Value)
			return ns
		}
		if d.active == nil {
			d.active = map[*yaml.Node]bool{}
		}
		d.active[dn] = true
		defer delete(d.active, dn)
	}
	if d.nodes++; d.nodes > maxTreeNodes {
		if d.nodes == maxTreeNodes+1 {
			d.fail(n, path, "expected a tree of at most %d nodes, found more (are aliases nested too deeply?)", maxTreeNodes)
		}
		return ns
	}
	f, ok := d.fields(n, path, "a tree node", nodeKeys...)
	if !ok {
		return ns
	}
	if x, ok := f["label"]; ok {
		ns.Label, _ = d.str(x, path+".label")
	}
	if x, ok := f["doc"]; ok {
		d.str(x, path+".doc")
	}
	if x, ok := f["move"]; ok {
		ns.Move, _ = d.str(x, path+".move")
	}
	if x, ok := f["prob"]; ok {
		ns.Prob = d.expr(x, path+".prob")
		if ns.Prob == "" {
			ns.Prob = " " // present but broken: keep sim from saying it is missing
		}
	}
	if x, ok := f["outcome"]; ok {
		ns.Outcome, _ = d.str(x, path+".outcome")
	}
	if x, ok := f["payoff"]; ok {
		d.record(path+".payoff", x)
		pairs, _ := d.mapping(x, path+".payoff", "payoffs (party: expression)")
		for _, p := range pairs {
			ppath := path + ".payoff." + p.key
			d.record(ppath+"#key", p.kn)
			ns.Payoff = append(ns.Payoff, sim.PayoffSpec{Party: p.key, Expr: d.expr(p.v, ppath)})
		}
	}
	for _, kind := range []string{"choices", "chance"} {
		x, ok := f[kind]
		if !ok {
			continue
		}
		d.record(path+"."+kind, keyNode(n, kind))
		pairs, ok := d.mapping(x, path+"."+kind, kind+" (name: node)")
		for _, p := range pairs {
			child := d.node(p.v, path+"."+kind+"."+p.key, kind == "chance")
			b := sim.Branch{Name: p.key, Node: child}
			if kind == "choices" {
				ns.Choices = append(ns.Choices, b)
			} else {
				ns.Chance = append(ns.Chance, b)
			}
		}
		if ok && len(pairs) == 0 {
			d.fail(x, path+"."+kind, "expected at least one branch under %s:, found none", kind)
		}
	}
	return ns
}
