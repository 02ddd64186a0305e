package scenarios

import (
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
	"go.yaml.in/yaml/v3"
)

// tieWords are the scalar forms of ties:.
var tieWords = []string{"split", "first"}

// ties decodes the tie rule: `split`, `first`, or `{prefer: NAME}` /
// `{prefer: [NAME, ...]}`.
func (d *decoder) ties(n *yaml.Node) model.TieRule {
	const path = "ties"
	d.record(path, n)
	const want = "split, first, or {prefer: ACTION} (an action name, or a list of them, that wins ties)"
	if v := deref(n); v != nil && v.Kind == yaml.ScalarNode {
		s, ok := d.str(n, path)
		switch {
		case !ok:
		case s == "split":
			return model.TieRule{Kind: model.TieSplit}
		case s == "first":
			return model.TieRule{Kind: model.TieFirst}
		default:
			d.fail(n, path, "expected %s, found %q%s", want, s, suggest.DidYouMean(s, tieWords))
		}
		return model.TieRule{}
	}
	f, ok := d.fields(n, path, "a tie rule", "prefer")
	if !ok {
		return model.TieRule{}
	}
	p, ok := f["prefer"]
	if !ok {
		d.fail(n, path, "expected %s, found a mapping without prefer:", want)
		return model.TieRule{}
	}
	r := model.TieRule{Kind: model.TiePrefer}
	const ppath = path + ".prefer"
	if v := deref(p); v != nil && v.Kind == yaml.SequenceNode {
		d.record(ppath, v)
		for _, e := range v.Content {
			if s, ok := d.str(e, ppath); ok {
				r.Prefer = append(r.Prefer, s)
			}
		}
	} else if s, ok := d.str(p, ppath); ok {
		r.Prefer = append(r.Prefer, s)
	}
	if len(r.Prefer) == 0 {
		d.fail(p, ppath, "expected an action name or a list of them, found none")
		return model.TieRule{}
	}
	return r
}
