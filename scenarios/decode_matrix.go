package scenarios

import (
	"fmt"

	"github.com/parley-dev/parley/sim/matrix"
	"github.com/parley-dev/parley/sim/model"
	"go.yaml.in/yaml/v3"
)

// matrix reads model: matrix: (docs/scenario-format.md).
func (d *decoder) matrix(n *yaml.Node) *matrix.MatrixSpec {
	const root = "model.matrix"
	d.record(root, n)
	spec := &matrix.MatrixSpec{}
	f, ok := d.fields(n, root, "a matrix model", matrixKeys...)
	if !ok {
		return spec
	}
	if x, ok := f["players"]; ok {
		spec.Players = d.strs(x, root+".players")
	}
	if x, ok := f["strategies"]; ok {
		d.record(root+".strategies", keyNode(n, "strategies")) // missing strategies are reported at the section
		pairs, _ := d.mapping(x, root+".strategies", "strategies (player: [strategy, ...])")
		for _, p := range pairs {
			d.record(root+".strategies."+p.key, p.kn)
			spec.Strategies = append(spec.Strategies, matrix.NamedList{Name: p.key, Items: d.strs(p.v, root+".strategies."+p.key)})
		}
	}
	if x, ok := f["bimatrix"]; ok {
		d.record(root+".bimatrix", x)
		pairs, _ := d.mapping(x, root+".bimatrix", "payoff matrices (player: [[...], ...])")
		for _, p := range pairs {
			path := root + ".bimatrix." + p.key
			d.record(path, p.kn)
			nm := matrix.NamedMatrix{Party: p.key}
			rows := deref(p.v)
			if rows == nil || rows.Kind != yaml.SequenceNode {
				d.fail(p.v, path, "expected a matrix (a list of rows), found %s", describe(rows))
				continue
			}
			for r, row := range rows.Content {
				rpath := fmt.Sprintf("%s.%d", path, r)
				row = deref(row)
				if row == nil || row.Kind != yaml.SequenceNode {
					d.fail(row, rpath, "expected a row (a list of payoffs), found %s", describe(row))
					continue
				}
				d.record(rpath, row)
				var cells []string
				for c, cell := range row.Content {
					cells = append(cells, d.expr(cell, fmt.Sprintf("%s.%d", rpath, c)))
				}
				nm.Rows = append(nm.Rows, cells)
			}
			spec.Bimatrix = append(spec.Bimatrix, nm)
		}
	}
	if x, ok := f["payoffs"]; ok {
		list := deref(x)
		d.record(root+".payoffs", x)
		if list == nil || list.Kind != yaml.SequenceNode {
			d.fail(x, root+".payoffs", "expected a list of {profile: [...], payoff: {...}}, found %s", describe(list))
		} else {
			for i, item := range list.Content {
				path := fmt.Sprintf("%s.payoffs.%d", root, i)
				d.record(path, item)
				g, ok := d.fields(item, path, "a profile's payoffs", profileKeys...)
				if !ok {
					continue
				}
				pp := matrix.ProfilePayoff{}
				if p, ok := g["profile"]; ok {
					pp.Profile = d.strs(p, path+".profile")
				} else {
					d.fail(item, path, "missing profile: (one strategy per player)")
				}
				if p, ok := g["payoff"]; ok {
					pairs, _ := d.mapping(p, path+".payoff", "payoffs (player: expression)")
					for _, q := range pairs {
						pp.Payoff = append(pp.Payoff, model.PayoffSpec{Party: q.key, Expr: d.expr(q.v, path+".payoff."+q.key)})
					}
				} else {
					d.fail(item, path, "missing payoff: (player: expression)")
				}
				spec.Payoffs = append(spec.Payoffs, pp)
			}
		}
	}
	if x, ok := f["selection"]; ok {
		spec.Selection, _ = d.str(x, root+".selection")
	}
	if x, ok := f["outcomes"]; ok {
		spec.Outcomes = d.outcomeRules(x, root+".outcomes", "outcome rules (outcome: condition on the played profile)")
	}
	return spec
}
