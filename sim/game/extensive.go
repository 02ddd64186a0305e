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
	return e.reducedStrategies(p)
}

// MaxReducedProfiles is the largest reduced strategic form Reduced builds,
// in strategy profiles (the product of the players' numbers of reduced
// strategies). The payoff table alone takes profiles × players × 8 bytes,
// and every profile's payoffs cost a walk of the tree.
const MaxReducedProfiles = 1_000_000

// MaxReducedEntries bounds the players' reduced strategies as Reduced
// stores them: one entry per strategy and information set of its player,
// summed over players (2^24 entries, 128 MiB).
const MaxReducedEntries = 1 << 24

// ErrReducedTooLarge is wrapped by the error Reduced returns for a game
// whose reduced strategic form exceeds MaxReducedProfiles or
// MaxReducedEntries.
var ErrReducedTooLarge = errors.New("reduced strategic form too large")

// saturate caps the counts of ReducedSize: beyond it a count only says
// "very many".
const saturate = uint64(1) << 62

func satMul(a, b uint64) uint64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > saturate/b {
		return saturate
	}
	return a * b
}

func satAdd(a, b uint64) uint64 { return min(a+b, saturate) }

// ReducedSize returns the number of reduced pure strategies of each player
// and their product, the number of profiles of the reduced strategic form,
// without enumerating them. Counts saturate at 2^62. With perfect recall a
// player's information sets form a tree (each set follows one sequence of
// the player's own moves), and the count of a set is the sum over its
// actions of the product of the counts of the sets that follow that action.
// Without perfect recall the product of the players' action counts bounds
// the number from above; when even that exceeds MaxReducedProfiles the
// strategies are counted one by one up to MaxReducedProfiles + 1, and exact
// is false: the counts are then lower bounds.
func (e *Extensive) ReducedSize() (counts []uint64, profiles uint64, exact bool) {
	counts = make([]uint64, len(e.Players))
	profiles, exact = 1, true
	for p := range e.Players {
		var ok bool
		counts[p], ok = e.reducedCount(p)
		exact = exact && ok
		profiles = satMul(profiles, counts[p])
	}
	return counts, profiles, exact
}

// reducedCount counts player p's reduced strategies; see ReducedSize.
func (e *Extensive) reducedCount(p int) (uint64, bool) {
	sets := e.Infosets(p)
	index := make(map[*Infoset]int, len(sets))
	for i, s := range sets {
		index[s] = i
	}
	// parent[i]: the sequence (set, action) of p's own moves leading to
	// set i, -1 for none; next[seq]: the sets that follow it directly.
	type seq struct{ set, action int }
	parent := make([]seq, len(sets))
	known := make([]bool, len(sets))
	next := map[seq][]int{}
	perfect := true
	type item struct {
		n    *Node
		last seq
	}
	stack := []item{{e.Root, seq{-1, -1}}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s := it.n.Infoset
		if s == nil {
			continue
		}
		last := it.last
		own := s.Player == p
		k := 0
		if own {
			k = index[s]
			switch {
			case !known[k]:
				known[k], parent[k] = true, last
				next[last] = append(next[last], k)
			case parent[k] != last:
				perfect = false
			}
		}
		for a, c := range it.n.Children {
			if own {
				last = seq{k, a}
			}
			stack = append(stack, item{c, last})
		}
	}
	if perfect {
		var count func(sq seq) uint64
		count = func(sq seq) uint64 {
			n := uint64(1)
			for _, k := range next[sq] {
				var c uint64
				for a := range sets[k].Actions {
					c = satAdd(c, count(seq{k, a}))
				}
				n = satMul(n, c)
			}
			return n
		}
		return count(seq{-1, -1}), true
	}
	bound := uint64(1)
	for _, s := range sets {
		bound = satMul(bound, uint64(len(s.Actions)))
	}
	var n uint64
	e.eachReduced(p, func([]int) bool {
		n++
		return bound <= MaxReducedProfiles || n <= MaxReducedProfiles
	})
	return n, bound <= MaxReducedProfiles || n <= MaxReducedProfiles
}

// reducedStrategies enumerates player p's reduced strategies.
func (e *Extensive) reducedStrategies(p int) [][]int {
	var out [][]int
	e.eachReduced(p, func(assign []int) bool {
		out = append(out, append([]int(nil), assign...))
		return true
	})
	return out
}

// eachReduced calls f with each of player p's reduced strategies in turn
// (the slice is reused) until f returns false.
func (e *Extensive) eachReduced(p int, f func(assign []int) bool) {
	sets := e.Infosets(p)
	index := make(map[*Infoset]int, len(sets))
	for i, s := range sets {
		index[s] = i
	}
	assign := make([]int, len(sets))
	for i := range assign {
		assign[i] = -1
	}
	stopped := false
	var rec func(st *stackList)
	rec = func(st *stackList) {
		if stopped {
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
		stopped = !f(assign)
	}
	rec(&stackList{e.Root, nil})
}

// checkReducedSize refuses, before anything is built, a reduced strategic
// form beyond MaxReducedProfiles or MaxReducedEntries.
func (e *Extensive) checkReducedSize() error {
	counts, profiles, exact := e.ReducedSize()
	size := func(n uint64) string {
		switch {
		case n >= saturate:
			return "more than 2^62"
		case !exact:
			return "at least " + strconv.FormatUint(n, 10)
		}
		return strconv.FormatUint(n, 10)
	}
	each := make([]string, len(counts))
	for p, c := range counts {
		each[p] = size(c)
	}
	if profiles > MaxReducedProfiles {
		return fmt.Errorf("game: %w: %s strategy profiles (reduced strategies per player: %s); the limit is %d profiles",
			ErrReducedTooLarge, size(profiles), strings.Join(each, " × "), MaxReducedProfiles)
	}
	var entries uint64
	for p, c := range counts {
		entries = satAdd(entries, satMul(c, uint64(len(e.Infosets(p)))))
	}
	if entries > MaxReducedEntries {
		return fmt.Errorf("game: %w: the players' reduced strategies take %d entries (strategies × information sets); the limit is %d",
			ErrReducedTooLarge, entries, MaxReducedEntries)
	}
	return nil
}

// Reduced returns the reduced strategic form of the game: each player's
// strategies are its reduced pure strategies (ReducedStrategies), named as
// Gambit names them — the 1-based action chosen at each information set,
// concatenated, with * where the set is unreachable — and payoffs are
// expected payoffs over chance. A game whose reduced form exceeds
// MaxReducedProfiles profiles or MaxReducedEntries stored entries is
// refused, before anything is built, with an error wrapping
// ErrReducedTooLarge that gives the size.
func (e *Extensive) Reduced() (*Strategic, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := e.checkReducedSize(); err != nil {
		return nil, err
	}
	np := len(e.Players)
	strats := make([][][]int, np)
	dims := make([]int, np)
	index := make([]map[*Infoset]int, np)
	for p := range np {
		strats[p] = e.reducedStrategies(p)
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
