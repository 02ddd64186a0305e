package tree

import (
	"slices"

	"github.com/parley-dev/parley/sim/model"
)

// tieBreak applies the scenario's tie rule (ties:) to a decision node's
// best actions. Everything a rule needs is worked out at load time, so
// narrowing a tie costs a few comparisons and allocates nothing.
type tieBreak struct {
	kind model.TieKind
	// prefer, with TiePrefer, holds per node the children whose action
	// is named in the rule, most preferred first (nil for other nodes).
	prefer [][]int
}

// compileTies prepares env's tie rule for tree t, recording a preferred
// name that no choice of the tree has (a typo would silently split).
func compileTies(t *tree, env *model.Env) tieBreak {
	b := tieBreak{kind: env.Ties.Kind}
	if b.kind != model.TiePrefer {
		return b
	}
	b.prefer = make([][]int, len(t.nodes))
	found := make([]bool, len(env.Ties.Prefer))
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.kind != decisionNode {
			continue
		}
		for k, name := range env.Ties.Prefer {
			for _, c := range n.children {
				if t.nodes[c].edge == name {
					b.prefer[i] = append(b.prefer[i], c)
					found[k] = true
				}
			}
		}
	}
	for k, ok := range found {
		if !ok {
			env.Problems.Add("ties.prefer", "no decision of the tree has a choice named %q, so ties: {prefer: %s} would never apply", env.Ties.Prefer[k], env.Ties.Prefer[k])
		}
	}
	return b
}

// narrow returns the actions node keeps out of its tied best actions
// (children in file order): all of them under the split rule, the first
// listed under first, and the most preferred name under prefer (all of
// them when none is named). It reuses tied's storage.
func (b *tieBreak) narrow(node int, tied []int) []int {
	if len(tied) < 2 {
		return tied
	}
	switch b.kind {
	case model.TieFirst:
		return tied[:1]
	case model.TiePrefer:
		for _, c := range b.prefer[node] {
			if slices.Contains(tied, c) {
				tied[0] = c
				return tied[:1]
			}
		}
	}
	return tied
}
