package scenarios

import (
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/spatial"
	"go.yaml.in/yaml/v3"
)

// spatial reads model: spatial: (docs/scenario-format.md). An actor's
// input written as a distribution becomes a parameter of spec, named
// ACTOR_capability, ACTOR_position_DIM or ACTOR_salience_DIM.
func (d *decoder) spatial(n *yaml.Node, scen *sim.Spec) *spatial.Spec {
	const root = "model.spatial"
	d.record(root, n)
	spec := &spatial.Spec{}
	f, ok := d.fields(n, root, "a spatial model", spatialKeys...)
	if !ok {
		return spec
	}
	d.strField(f, "method", root, &spec.Method)
	for _, key := range []string{"rounds", "tolerance", "q", "capitulation"} {
		if _, ok := f[key]; ok {
			spec.Given = append(spec.Given, key)
		}
	}
	if x, ok := f["rounds"]; ok {
		spec.Rounds = d.count(x, root+".rounds", "rounds", 1)
	}
	if x, ok := f["tolerance"]; ok {
		spec.Tolerance, _ = d.num(x, root+".tolerance")
	}
	if x, ok := f["q"]; ok {
		spec.Q, _ = d.num(x, root+".q")
	}
	if x, ok := f["capitulation"]; ok {
		spec.Capitulation = d.flag(x, root+".capitulation")
	}
	if x, ok := f["win_tolerance"]; ok {
		if v, ok := d.num(x, root+".win_tolerance"); ok {
			spec.WinTolerance = &v
		}
	}
	if x, ok := f["dimensions"]; ok {
		spec.Dimensions = d.spatialDims(x, root+".dimensions")
	}
	if x, ok := f["actors"]; ok {
		d.record(root+".actors", keyNode(n, "actors"))
		spec.Actors = d.spatialActors(x, root+".actors", scen)
	}
	if x, ok := f["outcomes"]; ok {
		spec.Outcomes = d.outcomeRules(x, root+".outcomes", "outcome rules (outcome: condition on the forecast)")
	}
	return spec
}

// flag reads true or false.
func (d *decoder) flag(n *yaml.Node, path string) bool {
	d.step(n, path)
	v := deref(n)
	if v == nil || v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		d.fail(n, path, "expected true or false, found %s", describe(v))
		return false
	}
	d.record(path, v)
	return v.Value == "true"
}

// spatialDims reads the dimensions: `ID: label` or `ID: {label: ...,
// doc: ..., low: ..., high: ...}`.
func (d *decoder) spatialDims(x *yaml.Node, path0 string) []spatial.DimensionSpec {
	d.record(path0, x)
	pairs, _ := d.mapping(x, path0, "dimensions (id: {label: ..., low: meaning of 0, high: meaning of 100})")
	var out []spatial.DimensionSpec
	for _, p := range pairs {
		path := path0 + "." + p.key
		d.record(path, p.kn)
		ds := spatial.DimensionSpec{ID: p.key}
		if v := deref(p.v); v != nil && v.Kind == yaml.ScalarNode {
			ds.Label, _ = d.str(p.v, path)
			out = append(out, ds)
			continue
		}
		g, ok := d.fields(p.v, path, "a dimension", "label", "doc", "low", "high")
		if !ok {
			continue
		}
		d.strField(g, "label", path, &ds.Label)
		d.strField(g, "doc", path, &ds.Doc)
		d.strField(g, "low", path, &ds.Low)
		d.strField(g, "high", path, &ds.High)
		out = append(out, ds)
	}
	return out
}

// spatialActors reads the actors: `ID: {name: ..., doc: ..., capability:
// EXPR, position: {DIM: EXPR}, salience: {DIM: EXPR}}`.
func (d *decoder) spatialActors(x *yaml.Node, path0 string, scen *sim.Spec) []spatial.ActorSpec {
	pairs, _ := d.mapping(x, path0, "actors (id: {capability: ..., position: {...}, salience: {...}})")
	var out []spatial.ActorSpec
	for _, p := range pairs {
		path := path0 + "." + p.key
		d.record(path, p.kn)
		g, ok := d.fields(p.v, path, "an actor", "name", "doc", "capability", "position", "salience")
		if !ok {
			continue
		}
		as := spatial.ActorSpec{ID: p.key}
		d.strField(g, "name", path, &as.Name)
		d.strField(g, "doc", path, &as.Doc)
		if v, ok := g["capability"]; ok {
			as.Capability = d.spatialInput(v, path+".capability", p.key+"_capability", scen)
		}
		for _, key := range []string{"position", "salience"} {
			v, ok := g[key]
			if !ok {
				d.record(path+"."+key, p.kn) // missing entries are reported at the actor
				continue
			}
			d.record(path+"."+key, v)
			per, _ := d.mapping(v, path+"."+key, key+"s per dimension (dimension: number or expression)")
			var list []model.NamedExpr
			for _, q := range per {
				gen := p.key + "_" + key + "_" + q.key
				list = append(list, model.NamedExpr{Name: q.key, Expr: d.spatialInput(q.v, path+"."+key+"."+q.key, gen, scen)})
			}
			if key == "position" {
				as.Position = list
			} else {
				as.Salience = list
			}
		}
		out = append(out, as)
	}
	return out
}

// spatialInput reads an actor's input: a number, an expression, or a
// distribution, which becomes the parameter gen (placed, for messages,
// where it is written) and the input an expression reading it.
func (d *decoder) spatialInput(n *yaml.Node, path, gen string, scen *sim.Spec) string {
	if v := deref(n); v == nil || v.Kind != yaml.MappingNode {
		return d.expr(n, path)
	}
	d.record(path, n)
	ps, ok := d.param(pair{key: gen, kn: n, v: n}, "parameters."+gen, true)
	if !ok {
		return " " // present but broken, as expr does
	}
	if ps.Doc == "" {
		ps.Doc = "generated from " + path
	}
	scen.Params = append(scen.Params, ps)
	return gen
}
