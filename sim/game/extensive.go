package game

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Chance is the Player of the information sets where chance moves.
const Chance = -1

// Extensive is a finite game in extensive form: a tree whose decision nodes
// belong to information sets of players or of chance, with outcomes (payoff
// vectors) attached to any node; a play's payoff is the sum of the outcomes
// along its path.
type Extensive struct {
	Title   string
	Comment string
	// Players holds the players' names; Infoset.Player indexes it.
	Players []string
	Root    *Node
}

// Node is a node of a game tree. A node without an information set is
// terminal; a decision node has one child per action of its information set,
// in the set's action order.
type Node struct {
	Label    string
	Infoset  *Infoset
	Children []*Node
	// Outcome, if not nil, is paid whenever play passes through the node.
	Outcome *Outcome
}

// Infoset is an information set: the nodes sharing it are indistinguishable
// to its player, who therefore chooses among the same actions at each.
type Infoset struct {
	// Player is the index of the player who moves, or Chance.
	Player  int
	Label   string
	Actions []string
	// Probs holds the probability of each action of a chance information
	// set; it is nil for players' sets.
	Probs []float64
}

// Outcome is a payoff vector, one entry per player.
type Outcome struct {
	Label   string
	Payoffs []float64
}

// Validate checks that the tree is a finite tree (no node reached twice),
// that every decision node has one child per action, that players exist,
// that chance probabilities are non-negative and sum to one, and that
// outcomes have one payoff per player.
func (e *Extensive) Validate() error {
	if e.Root == nil {
		return errors.New("game: extensive game has no root")
	}
	if len(e.Players) == 0 {
		return errors.New("game: extensive game has no players")
	}
	seen := map[*Node]bool{}
	var errs []error
	stack := []*Node{e.Root}
	for len(stack) > 0 && len(errs) < 10 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			errs = append(errs, fmt.Errorf("node %q is reached twice", n.Label))
			continue
		}
		seen[n] = true
		if o := n.Outcome; o != nil && len(o.Payoffs) != len(e.Players) {
			errs = append(errs, fmt.Errorf("outcome %q has %d payoffs for %d players", o.Label, len(o.Payoffs), len(e.Players)))
		}
		s := n.Infoset
		if s == nil {
			if len(n.Children) > 0 {
				errs = append(errs, fmt.Errorf("node %q has children but no information set", n.Label))
			}
			continue
		}
		if len(s.Actions) == 0 {
			errs = append(errs, fmt.Errorf("information set %q has no actions", s.Label))
		}
		if len(n.Children) != len(s.Actions) {
			errs = append(errs, fmt.Errorf("node %q has %d children for %d actions", n.Label, len(n.Children), len(s.Actions)))
		}
		switch {
		case s.Player == Chance:
			if len(s.Probs) != len(s.Actions) {
				errs = append(errs, fmt.Errorf("chance information set %q has %d probabilities for %d actions", s.Label, len(s.Probs), len(s.Actions)))
				break
			}
			sum := 0.0
			for _, p := range s.Probs {
				if p < 0 || math.IsNaN(p) {
					errs = append(errs, fmt.Errorf("chance information set %q has probability %g", s.Label, p))
				}
				sum += p
			}
			if math.Abs(sum-1) > 1e-9 {
				errs = append(errs, fmt.Errorf("chance probabilities of %q sum to %g, want 1", s.Label, sum))
			}
		case s.Player < 0 || s.Player >= len(e.Players):
			errs = append(errs, fmt.Errorf("information set %q belongs to player %d of %d", s.Label, s.Player+1, len(e.Players)))
		}
		for _, c := range n.Children {
			if c == nil {
				errs = append(errs, fmt.Errorf("node %q has a nil child", n.Label))
				continue
			}
			stack = append(stack, c)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("game: invalid extensive game: %w", errors.Join(errs...))
	}
	return nil
}

// walk visits the nodes in preorder (a node, then its subtrees in action
// order), the order of a .efg file.
func (e *Extensive) walk(f func(*Node)) {
	stack := []*Node{e.Root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f(n)
		for i := len(n.Children) - 1; i >= 0; i-- {
			stack = append(stack, n.Children[i])
		}
	}
}

// Infosets returns player p's information sets (p may be Chance) in the
// order they first occur in a preorder walk of the tree, the order in which
// Gambit numbers them and prints behaviour strategies.
func (e *Extensive) Infosets(p int) []*Infoset {
	var out []*Infoset
	seen := map[*Infoset]bool{}
	e.walk(func(n *Node) {
		if s := n.Infoset; s != nil && s.Player == p && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	})
	return out
}

// stackList is an immutable stack of nodes still to visit, shared between
// the branches of the reduced-strategy enumeration.
type stackList struct {
	n    *Node
	next *stackList
}

// ReducedStrategies returns player p's reduced pure strategies: for each, the
// action chosen at each of p's information sets (in Infosets order), or -1
// where the strategy's own earlier moves make the set unreachable.
//
// The order is Gambit's: the tree is walked depth first, in preorder, and at
// the first node of each of p's information sets met on the way the walk
// branches over that set's actions, the rest of the walk happening inside
// each branch. Sets met earlier in the walk thus vary slowest; other
// players' and chance nodes are walked through child by child.
func (e *Extensive) ReducedStrategies(p int) [][]int {
	out, _ := e.reducedStrategies(p, -1)
	return out
}

// maxReduced bounds the reduced strategies of one player that Reduced
// enumerates.
const maxReduced = 1 << 20

// reducedStrategies enumerates player p's reduced strategies; with limit ≥ 0
// it stops and reports false once there are more than limit.
func (e *Extensive) reducedStrategies(p, limit int) ([][]int, bool) {
	sets := e.Infosets(p)
	index := make(map[*Infoset]int, len(sets))
	for i, s := range sets {
		index[s] = i
	}
	assign := make([]int, len(sets))
	for i := range assign {
		assign[i] = -1
	}
	var out [][]int
	var rec func(st *stackList)
	rec = func(st *stackList) {
		if limit >= 0 && len(out) > limit {
			return
		}
		for st != nil {
			n := st.n
			st = st.next
			s := n.Infoset
			if s == nil {
				continue
			}
			if s.Player != p {
				for i := len(n.Children) - 1; i >= 0; i-- {
					st = &stackList{n.Children[i], st}
				}
				continue
			}
			k := index[s]
			if a := assign[k]; a >= 0 {
				st = &stackList{n.Children[a], st}
				continue
			}
			for a, c := range n.Children {
				assign[k] = a
				rec(&stackList{c, st})
			}
			assign[k] = -1
			return
		}
		out = append(out, append([]int(nil), assign...))
	}
	rec(&stackList{e.Root, nil})
	if limit >= 0 && len(out) > limit {
		return nil, false
	}
	return out, true
}

// Reduced returns the reduced strategic form of the game: each player's
// strategies are its reduced pure strategies (ReducedStrategies), named as
// Gambit names them — the 1-based action chosen at each information set,
// concatenated, with * where the set is unreachable — and payoffs are
// expected payoffs over chance.
func (e *Extensive) Reduced() (*Strategic, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	np := len(e.Players)
	strats := make([][][]int, np)
	dims := make([]int, np)
	index := make([]map[*Infoset]int, np)
	for p := range np {
		var ok bool
		if strats[p], ok = e.reducedStrategies(p, maxReduced); !ok {
			return nil, fmt.Errorf("game: reduced strategic form: player %d has more than %d reduced strategies", p+1, maxReduced)
		}
		dims[p] = len(strats[p])
		index[p] = map[*Infoset]int{}
		for i, s := range e.Infosets(p) {
			index[p][s] = i
		}
	}
	if err := CheckDims(dims); err != nil {
		return nil, fmt.Errorf("game: reduced strategic form: %w", err)
	}
	g := NewStrategic(dims...)
	g.Title, g.Comment = e.Title, e.Comment
	for p := range np {
		g.SetPlayerName(p, e.Players[p])
		for s, st := range strats[p] {
			var sb strings.Builder
			for _, a := range st {
				if a < 0 {
					sb.WriteByte('*')
				} else {
					sb.WriteString(strconv.Itoa(a + 1))
				}
			}
			g.SetStrategyName(p, s, sb.String())
		}
	}
	prof := make([]int, np)
	pay := make([]float64, np)
	var bad *Infoset
	for k := range g.NumProfiles() {
		prof = g.Profile(k, prof)
		clear(pay)
		var visit func(n *Node, w float64)
		visit = func(n *Node, w float64) {
			if o := n.Outcome; o != nil {
				for i, v := range o.Payoffs {
					pay[i] += w * v
				}
			}
			s := n.Infoset
			if s == nil {
				return
			}
			if s.Player == Chance {
				for a, c := range n.Children {
					if s.Probs[a] > 0 {
						visit(c, w*s.Probs[a])
					}
				}
				return
			}
			a := strats[s.Player][prof[s.Player]][index[s.Player][s]]
			if a < 0 {
				// Unreachable by construction for perfect-recall games;
				// a game without perfect recall may get here.
				bad = s
				return
			}
			visit(n.Children[a], w)
		}
		visit(e.Root, 1)
		if bad != nil {
			return nil, fmt.Errorf("game: reduced strategic form: information set %q of player %d is reached by a strategy that excludes it (imperfect recall)", bad.Label, bad.Player+1)
		}
		for p := range np {
			g.payoffs[k*np+p] = pay[p]
		}
	}
	return g, nil
}
