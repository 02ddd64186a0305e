package scenarios

import (
	"fmt"
	"math"

	"github.com/parley-dev/parley/sim/issues"
	"github.com/parley-dev/parley/sim/model"
	"go.yaml.in/yaml/v3"
)

// strs reads a list of names (or a single name).
func (d *decoder) strs(n *yaml.Node, path string) []string {
	n = deref(n)
	if n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		d.record(path, n)
		return []string{n.Value}
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		d.fail(n, path, "expected a list of names, found %s", describe(n))
		return nil
	}
	d.record(path, n)
	var out []string
	for i, c := range n.Content {
		if s, ok := d.str(c, fmt.Sprintf("%s.%d", path, i)); ok {
			out = append(out, s)
		}
	}
	return out
}

// issues reads model: issues: (docs/scenario-format.md).
func (d *decoder) issues(n *yaml.Node) *issues.IssuesSpec {
	const root = "model.issues"
	d.record(root, n)
	spec := &issues.IssuesSpec{}
	f, ok := d.fields(n, root, "an issues model", issuesKeys...)
	if !ok {
		return spec
	}
	if x, ok := f["parties"]; ok {
		spec.Parties = d.strs(x, root+".parties")
	}
	if x, ok := f["solution"]; ok {
		spec.Solution, _ = d.str(x, root+".solution")
	}
	if x, ok := f["max_packages"]; ok {
		spec.MaxPackages = d.count(x, root+".max_packages", "max_packages", 1)
	}
	if x, ok := f["issues"]; ok {
		spec.Issues = d.issueList(x, root+".issues")
	}
	if x, ok := f["utility"]; ok {
		d.record(root+".utility", keyNode(n, "utility")) // a missing utility is reported at the section
		spec.Utility = d.utilities(x, root+".utility")
	}
	for _, key := range []string{"batna", "power"} {
		x, ok := f[key]
		if !ok {
			continue
		}
		d.record(root+"."+key, keyNode(n, key)) // a missing batna is reported at the section
		pairs, _ := d.mapping(x, root+"."+key, key+" (party: expression)")
		for _, p := range pairs {
			e := model.PayoffSpec{Party: p.key, Expr: d.expr(p.v, root+"."+key+"."+p.key)}
			if key == "batna" {
				spec.BATNA = append(spec.BATNA, e)
			} else {
				spec.Power = append(spec.Power, e)
			}
		}
	}
	if x, ok := f["demands"]; ok {
		spec.Demands = d.demands(x, root+".demands")
	}
	if x, ok := f["constraints"]; ok {
		spec.Constraints = d.constraints(x, root+".constraints")
	}
	if x, ok := f["deal"]; ok {
		spec.Deal = d.outcomeRules(x, root+".deal", "deal outcomes (outcome: condition on the package)")
	}
	if x, ok := f["no_deal"]; ok {
		spec.NoDeal, _ = d.str(x, root+".no_deal")
	}
	return spec
}

// issueList reads issues: (name: [options] or {range, steps}).
func (d *decoder) issueList(x *yaml.Node, path0 string) []issues.IssueSpec {
	var out []issues.IssueSpec
	d.record(path0, x)
	pairs, _ := d.mapping(x, path0, "issues (name: [options] or {range: [from, to], steps: n})")
	for _, p := range pairs {
		path := path0 + "." + p.key
		d.record(path, p.kn)
		is := issues.IssueSpec{Name: p.key}
		v := deref(p.v)
		if v != nil && v.Kind == yaml.SequenceNode {
			is.Options = d.strs(v, path+".options")
		} else if g, ok := d.fields(v, path, "an issue", issueKeys...); ok {
			if o, ok := g["options"]; ok {
				is.Options = d.strs(o, path+".options")
			}
			if r, ok := g["range"]; ok {
				is.Range, _ = d.nums(r, path+".range")
			}
			if s, ok := g["steps"]; ok {
				is.Steps = d.count(s, path+".steps", "steps", 2)
			}
			if doc, ok := g["doc"]; ok {
				d.str(doc, path+".doc")
			}
		}
		out = append(out, is)
	}
	return out
}

// utilities reads utility: (party: expression or {weights, values}).
func (d *decoder) utilities(x *yaml.Node, path0 string) []issues.UtilitySpec {
	var out []issues.UtilitySpec
	pairs, _ := d.mapping(x, path0, "utilities (party: expression or {weights, values})")
	for _, p := range pairs {
		path := path0 + "." + p.key
		d.record(path, p.kn)
		u := issues.UtilitySpec{Party: p.key}
		if v := deref(p.v); v != nil && v.Kind == yaml.ScalarNode {
			u.Expr = d.expr(v, path)
		} else if g, ok := d.fields(v, path, "a utility", utilityKeys...); ok {
			if w, ok := g["weights"]; ok {
				ws, _ := d.mapping(w, path+".weights", "weights (issue: expression)")
				for _, q := range ws {
					u.Weights = append(u.Weights, model.NamedExpr{Name: q.key, Expr: d.expr(q.v, path+".weights."+q.key)})
					d.record(path+".weights."+q.key, q.kn)
				}
			}
			if vals, ok := g["values"]; ok {
				vs, _ := d.mapping(vals, path+".values", "values (issue: {option: expression} or an expression)")
				for _, q := range vs {
					vpath := path + ".values." + q.key
					d.record(vpath, q.kn)
					iv := issues.IssueValues{Issue: q.key}
					if qv := deref(q.v); qv != nil && qv.Kind == yaml.ScalarNode {
						iv.Expr = d.expr(qv, vpath)
					} else {
						opts, _ := d.mapping(qv, vpath, "option values (option: expression)")
						for _, o := range opts {
							// An unknown option is reported at its name.
							d.record(vpath+"."+o.key+"#key", o.kn)
							iv.Options = append(iv.Options, model.NamedExpr{Name: o.key, Expr: d.expr(o.v, vpath+"."+o.key)})
						}
					}
					u.Values = append(u.Values, iv)
				}
			}
		}
		out = append(out, u)
	}
	return out
}

// demands reads demands: (name: {party, require, firm, reason}).
func (d *decoder) demands(x *yaml.Node, path0 string) []issues.DemandSpec {
	var out []issues.DemandSpec
	d.record(path0, x)
	pairs, _ := d.mapping(x, path0, "demands (name: {party, require, firm, reason})")
	for _, p := range pairs {
		path := path0 + "." + p.key
		d.record(path, p.kn)
		d.name(p.kn, path, "demand name")
		dm := issues.DemandSpec{Name: p.key}
		if g, ok := d.fields(p.v, path, "a demand", demandKeys...); ok {
			d.strField(g, "party", path, &dm.Party)
			d.exprField(g, "require", path, &dm.Require)
			d.exprField(g, "firm", path, &dm.Firm)
			d.strField(g, "reason", path, &dm.Reason)
		}
		out = append(out, dm)
	}
	return out
}

// constraints reads constraints: (name: {party, forbid, unless} or {party, when, cost}).
func (d *decoder) constraints(x *yaml.Node, path0 string) []issues.ConstraintSpec {
	var out []issues.ConstraintSpec
	d.record(path0, x)
	pairs, _ := d.mapping(x, path0, "constraints (name: {party, forbid, unless} or {party, when, cost})")
	for _, p := range pairs {
		path := path0 + "." + p.key
		d.record(path, p.kn)
		d.name(p.kn, path, "constraint name")
		c := issues.ConstraintSpec{Name: p.key}
		if g, ok := d.fields(p.v, path, "a constraint", constraintKeys...); ok {
			d.strField(g, "party", path, &c.Party)
			d.exprField(g, "forbid", path, &c.Forbid)
			d.exprField(g, "unless", path, &c.Unless)
			d.exprField(g, "when", path, &c.When)
			d.exprField(g, "cost", path, &c.Cost)
			d.strField(g, "imposed_by", path, &c.ImposedBy)
			d.strField(g, "reason", path, &c.Reason)
		}
		out = append(out, c)
	}
	return out
}

// count reads a whole number of at least least, such as steps:. A
// number too large for the package space is kept large (capped so that it
// converts to int), for sim to report how large; a problem returns least
// so that none is reported twice.
func (d *decoder) count(n *yaml.Node, path, what string, least int) int {
	v, ok := d.num(n, path)
	if !ok {
		return least
	}
	if v != math.Trunc(v) || v < float64(least) {
		d.fail(n, path, "expected %s to be a whole number, at least %d, found %v", what, least, v)
		return least
	}
	return int(min(v, math.MaxInt32))
}

func (d *decoder) strField(g map[string]*yaml.Node, key, path string, dst *string) {
	if x, ok := g[key]; ok {
		*dst, _ = d.str(x, path+"."+key)
	}
}

func (d *decoder) exprField(g map[string]*yaml.Node, key, path string, dst *string) {
	if x, ok := g[key]; ok {
		*dst = d.expr(x, path+"."+key)
	}
}

// outcomeRules reads one outcome id, or a mapping of outcome: condition
// rules in order (true for "always"), as issues' deal: and matrix's
// outcomes: take them.
func (d *decoder) outcomeRules(x *yaml.Node, path, what string) []model.OutcomeRule {
	d.record(path, x)
	if v := deref(x); v != nil && v.Kind == yaml.ScalarNode {
		o, _ := d.str(v, path)
		return []model.OutcomeRule{{Outcome: o}}
	}
	var out []model.OutcomeRule
	rules, _ := d.mapping(x, path, what)
	for _, r := range rules {
		rule := model.OutcomeRule{Outcome: r.key}
		d.record(path+"."+r.key, r.v)
		if rv := deref(r.v); rv == nil || rv.Tag != "!!bool" || rv.Value != "true" {
			rule.If = d.expr(r.v, path+"."+r.key)
		}
		out = append(out, rule)
	}
	return out
}
