package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
	"github.com/parley-dev/parley/sim/tree"
	"go.yaml.in/yaml/v3"
)

// scenario decodes the document of a scenario file into a spec: its
// top-level keys, then each section (parties, parameters, outcomes,
// variants, the model) by the functions below.
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
		var good bool
		if spec.ID, good = d.str(n, "scenario"); good && !scenarioIDRE.MatchString(spec.ID) {
			d.fail(n, "scenario", "expected a scenario id of letters, digits, _ and - (starting with a letter or digit, as in istanbul-2025), found %q", spec.ID)
			spec.ID = "?" // reported: keep sim from saying it is missing
		}
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
				f, _ := d.fields(v, path, "a derived value", derivedKeys...)
				if e, ok := f["expr"]; ok {
					delete(d.at, d.key(path))
					ds.Expr = d.expr(e, path)
				} else {
					d.fail(v, path, "missing key expr: (the formula)")
				}
				if doc, ok := f["doc"]; ok {
					ds.Doc, _ = d.str(doc, path+".doc")
				}
			} else {
				delete(d.at, d.key(path))
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
	if n, ok := top["ties"]; ok {
		spec.Ties = d.ties(n)
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
			ps.Name, _ = d.str(v, path)
		case v != nil && v.Kind == yaml.ScalarNode:
		default:
			f, _ := d.fields(v, path, "a party", partyKeys...)
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
			os.Label, _ = d.str(v, path)
		case v != nil && v.Kind == yaml.ScalarNode:
		default:
			f, _ := d.fields(v, path, "an outcome", outcomeKeys...)
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
			d.fail(q.kn, join(path, q.key), "unknown distribution %q%s (have %s)", q.key, suggest.DidYouMean(q.key, allowed), strings.Join(kinds, ", "))
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
		f, ok := d.fields(args, kpath, "a categorical distribution", categoricKeys...)
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
		d.name(p.kn, path, "variant name")
		vs := sim.VariantSpec{Name: p.key}
		f, ok := d.fields(p.v, path, "a variant", variantKeys...)
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
	if t, ok := f["spatial"]; ok {
		spec.Model.Spatial = d.spatial(t, spec)
	}
}

func (d *decoder) node(n *yaml.Node, path string, underChance bool) *tree.NodeSpec {
	ns := &tree.NodeSpec{}
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
	d.step(n, path)
	if n.Kind == yaml.AliasNode {
		d.inAlias++
		defer func() { d.inAlias-- }()
	}
	if d.inAlias > 0 {
		d.aliased++
	}
	if d.depth++; d.depth > maxTreeDepth {
		d.depth--
		if !d.tooDeep {
			d.tooDeep = true
			d.fail(n, path, "expected a game tree at most %d levels deep, found a node deeper than that", maxTreeDepth)
		}
		return ns
	}
	defer func() { d.depth-- }()
	if d.nodes++; d.nodes > d.maxTree {
		if d.nodes == d.maxTree+1 {
			hint := ""
			if d.aliased > 0 {
				hint = fmt.Sprintf("; %d of them come from aliases (*name), each of which repeats its anchor's whole subtree", d.aliased)
			}
			d.fail(n, path, "expected a game tree of at most %d nodes, the most Parley solves in every sampled world, found more%s", d.maxTree, hint)
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
			ns.Payoff = append(ns.Payoff, model.PayoffSpec{Party: p.key, Expr: d.expr(p.v, ppath)})
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
			d.name(p.kn, path+"."+kind+"."+p.key, map[string]string{"choices": "choice", "chance": "chance branch"}[kind])
			child := d.node(p.v, path+"."+kind+"."+p.key, kind == "chance")
			b := tree.Branch{Name: p.key, Node: child}
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

// countNodes counts the values written in a document, an alias as one.
func countNodes(n *yaml.Node) int {
	c := 1
	if n.Kind != yaml.AliasNode {
		for _, x := range n.Content {
			c += countNodes(x)
		}
	}
	return c
}
