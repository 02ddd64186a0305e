package gambit

import (
	"io"
	"math"
	"slices"

	"github.com/parley-dev/parley/sim/game"
)

// maxNodes bounds the nodes of a tree the reader builds.
const maxNodes = 1 << 22

// ReadEFG reads an extensive-form game in Gambit's .efg format, version 2:
// a header (EFG 2 R "title" { "player" ... } and an optional comment), then
// the nodes in preorder, one per line by convention:
//
//	p "node" player infoset ["infoset" { "action" ... }] outcome ["outcome" { u1, u2 }]
//	c "node" infoset ["infoset" { "action" prob ... }] outcome ["outcome" { u1, u2 }]
//	t "node" outcome ["outcome" { u1, u2 }]
//
// An information set (numbered per player) or an outcome (numbered for the
// game) needs its actions or payoffs the first time it occurs and may omit
// them afterwards; when repeated they must agree. Outcome 0 is no outcome.
// name is used in error messages, which are *ParseError values or an
// ErrorList, positioned at the offending token.
func ReadEFG(name string, r io.Reader) (*game.Extensive, error) {
	src, err := readAll(name, r)
	if err != nil {
		return nil, err
	}
	p := newParser(name, src)
	e := p.efg()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

// efgState holds the information sets and outcomes met so far.
type efgState struct {
	players  int
	infosets map[[2]int]*game.Infoset // (player, number); player 0 is chance
	outcomes map[int]*game.Outcome
}

func (p *parser) efg() *game.Extensive {
	title, _, players, ok := p.header("EFG", "2", "an extensive-form game")
	if !ok {
		return nil
	}
	e := &game.Extensive{Title: title.text, Players: players}
	if p.tok.kind == tokString {
		e.Comment = p.tok.text
		p.advance()
	}
	st := &efgState{players: len(players), infosets: map[[2]int]*game.Infoset{}, outcomes: map[int]*game.Outcome{}}

	// The tree is read without recursion: a stack holds the decision nodes
	// whose children are still being read.
	type frame struct {
		node *game.Node
		want int
	}
	var stack []frame
	nodes := 0
	for {
		n, ok := p.efgNode(st)
		if !ok {
			return nil
		}
		nodes++
		if nodes > maxNodes {
			p.invalid(p.tok, "more than %d nodes", maxNodes)
			return nil
		}
		if len(stack) == 0 {
			e.Root = n
		} else {
			top := &stack[len(stack)-1]
			top.node.Children = append(top.node.Children, n)
		}
		if n.Infoset != nil {
			stack = append(stack, frame{n, len(n.Infoset.Actions)})
		}
		for len(stack) > 0 && len(stack[len(stack)-1].node.Children) == stack[len(stack)-1].want {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			break
		}
	}
	if p.tok.kind != tokEOF {
		p.fail("end of file after the last node of the tree")
	}
	return e
}

// efgNode reads one node line. ok is false after a syntax error.
func (p *parser) efgNode(st *efgState) (*game.Node, bool) {
	kind := p.tok
	if kind.kind != tokWord || (kind.text != "p" && kind.text != "c" && kind.text != "t") {
		if kind.kind == tokEOF {
			p.fail(`another node ("p", "c" or "t"): the tree is incomplete`)
		} else {
			p.fail(`a node type "p", "c" or "t"`)
		}
		return nil, false
	}
	p.advance()
	label, ok := p.expect(tokString, "the node's name in quotes")
	if !ok {
		return nil, false
	}
	n := &game.Node{Label: label.text}
	switch kind.text {
	case "p":
		pt, ok := p.expect(tokNumber, "the number of the player who moves")
		if !ok {
			return nil, false
		}
		pl, err := parseCount(pt.text, st.players)
		if err != nil || pl == 0 {
			p.invalid(pt, "player %s, want 1 to %d", clip(pt.text), st.players)
			pl = 0
		}
		if n.Infoset, ok = p.efgInfoset(st, pl, false); !ok {
			return nil, false
		}
	case "c":
		if n.Infoset, ok = p.efgInfoset(st, 0, true); !ok {
			return nil, false
		}
	}
	if n.Outcome, ok = p.efgOutcome(st); !ok {
		return nil, false
	}
	return n, true
}

// efgInfoset reads an information set reference, with its actions (and for
// chance, probabilities) when given. pl is the 1-based player, 0 for chance
// or for an invalid player, in which case the set is still read but not
// registered.
func (p *parser) efgInfoset(st *efgState, pl int, chance bool) (*game.Infoset, bool) {
	it, ok := p.expect(tokNumber, "the information set's number")
	if !ok {
		return nil, false
	}
	num, err := parseCount(it.text, math.MaxInt32)
	if err != nil || num == 0 {
		p.invalid(it, "information set number %s, want a positive integer", clip(it.text))
	}
	var label string
	var actions []string
	var probs []float64
	given := false
	if p.tok.kind == tokString {
		label = p.tok.text
		p.advance()
	}
	if p.tok.kind == tokLBrace {
		given = true
		open := p.tok
		p.advance()
		for p.tok.kind == tokString {
			actions = append(actions, p.tok.text)
			p.advance()
			if chance {
				pt := p.tok
				v, ok := p.number("the action's probability")
				if !ok {
					return nil, false
				}
				if v < 0 {
					p.invalid(pt, "negative probability %s", clip(pt.text))
				}
				probs = append(probs, v)
				if p.tok.kind == tokComma {
					p.advance()
				}
			}
		}
		want := `an action name in quotes or "}"`
		if _, ok := p.expect(tokRBrace, want); !ok {
			return nil, false
		}
		if len(actions) == 0 {
			p.invalid(open, "information set %d has no actions", num)
			return nil, false
		}
		if chance {
			sum := 0.0
			for _, v := range probs {
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				p.invalid(open, "chance probabilities sum to %g, want 1", sum)
			}
		}
	}
	player := pl - 1
	if chance {
		player = game.Chance
	}
	key := [2]int{pl, num}
	if chance {
		key[0] = 0
	}
	if (pl == 0 && !chance) || num == 0 {
		// Invalid reference already reported: make a throwaway set so the
		// tree's shape can still be read, or stop if its size is unknown.
		if !given {
			return nil, false
		}
		return &game.Infoset{Player: player, Label: label, Actions: actions, Probs: probs}, true
	}
	s := st.infosets[key]
	if s == nil {
		if !given {
			p.invalid(it, "information set %d is used before its actions are given", num)
			return nil, false
		}
		s = &game.Infoset{Player: player, Label: label, Actions: actions}
		if chance {
			s.Probs = probs
		}
		st.infosets[key] = s
		return s, true
	}
	if given {
		if len(actions) != len(s.Actions) {
			p.invalid(it, "information set %d has %d actions here and %d before", num, len(actions), len(s.Actions))
		} else if chance && !slices.Equal(probs, s.Probs) {
			p.invalid(it, "chance information set %d has different probabilities here", num)
		}
	}
	return s, true
}

// efgOutcome reads an outcome reference, with its payoffs when given.
func (p *parser) efgOutcome(st *efgState) (*game.Outcome, bool) {
	ot, ok := p.expect(tokNumber, "the outcome's number (0 for none)")
	if !ok {
		return nil, false
	}
	num, err := parseCount(ot.text, math.MaxInt32)
	if err != nil {
		p.invalid(ot, "outcome number %s, want a non-negative integer", clip(ot.text))
	}
	var label string
	var pay []float64
	given := false
	if p.tok.kind == tokString {
		label = p.tok.text
		p.advance()
	}
	if p.tok.kind == tokLBrace {
		given = true
		open := p.tok
		p.advance()
		for p.tok.kind == tokNumber || p.tok.kind == tokComma {
			if p.tok.kind == tokComma {
				p.advance()
				continue
			}
			v, _ := p.number("a payoff")
			pay = append(pay, v)
		}
		if _, ok := p.expect(tokRBrace, `a payoff or "}" closing the outcome`); !ok {
			return nil, false
		}
		if len(pay) != st.players {
			p.invalid(open, "outcome %d has %d payoffs, want %d (one per player)", num, len(pay), st.players)
			pay = append(pay, make([]float64, st.players)...)[:st.players]
		}
	}
	if num <= 0 {
		return nil, true
	}
	o := st.outcomes[num]
	if o == nil {
		if !given {
			p.invalid(ot, "outcome %d is used before its payoffs are given", num)
			return nil, true
		}
		o = &game.Outcome{Label: label, Payoffs: pay}
		st.outcomes[num] = o
		return o, true
	}
	if given && !slices.Equal(pay, o.Payoffs) {
		p.invalid(ot, "outcome %d has different payoffs here", num)
	}
	return o, true
}
