package gambit

import (
	"fmt"
	"io"
	"strings"

	"github.com/parley-dev/parley/sim/game"
)

// maxInputSize bounds how much a reader reads.
const maxInputSize = 64 << 20

// maxStrategies bounds the strategies of one player, and maxPayoffs the
// size of a payoff table, so that a small file cannot declare a huge game.
const (
	maxStrategies = 1 << 16
	maxPayoffs    = 1 << 24
)

func readAll(name string, r io.Reader) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("gambit: reading %s: %w", name, err)
	}
	if len(src) > maxInputSize {
		return nil, fmt.Errorf("gambit: %s: larger than the %d MiB limit for Gambit files", name, maxInputSize>>20)
	}
	return src, nil
}

// ReadNFG reads a strategic-form game in Gambit's .nfg format, version 1,
// in either of its two variants: a plain list of payoffs (every player's
// payoff for each profile, the first player's strategy varying fastest), or
// a list of outcomes { "name" u1, u2, ... } followed by the outcome number
// of each profile (0 for the null outcome, which pays zero). Strategies may
// be given by name ({ { "a" "b" } { "c" "d" } }) or by count ({ 2 2 }, named
// "1", "2", ...). Numbers may be integers, decimals or fractions such as
// 3/19. name is used in error messages.
//
// Errors are *ParseError values, or an ErrorList when there are several,
// positioned at the offending token.
func ReadNFG(name string, r io.Reader) (*game.Strategic, error) {
	src, err := readAll(name, r)
	if err != nil {
		return nil, err
	}
	p := newParser(name, src)
	g := p.nfg()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return g, nil
}

// header reads what both file formats start with: the magic word, the
// format version, R or D, the title and the list of players.
func (p *parser) header(magic, version, what string) (title, playersTok token, players []string, ok bool) {
	if t := p.tok; t.kind != tokWord || t.text != magic {
		p.fail(`"` + magic + `" starting ` + what)
		return title, playersTok, nil, false
	}
	p.advance()
	vt, ok := p.expect(tokNumber, "the format version "+version)
	if !ok {
		return title, playersTok, nil, false
	}
	if vt.text != version {
		p.invalid(vt, "unsupported ."+strings.ToLower(magic)+" version %s, want "+version, clip(vt.text))
		return title, playersTok, nil, false
	}
	if t := p.tok; t.kind != tokWord || (t.text != "R" && t.text != "D") {
		p.fail(`"R" or "D"`)
		return title, playersTok, nil, false
	}
	p.advance()
	if title, ok = p.expect(tokString, "the game's title in quotes"); !ok {
		return title, playersTok, nil, false
	}
	playersTok = p.tok
	if players, ok = p.stringList("list of players"); !ok {
		return title, playersTok, nil, false
	}
	if len(players) == 0 {
		p.invalid(playersTok, "the game has no players")
		return title, playersTok, nil, false
	}
	return title, playersTok, players, true
}

func (p *parser) nfg() *game.Strategic {
	title, playersTok, players, ok := p.header("NFG", "1", "a strategic-form game")
	if !ok {
		return nil
	}
	dims, names, ok := p.nfgStrategies(len(players))
	if !ok {
		return nil
	}
	if err := game.CheckDims(dims); err != nil || tableSize(dims) > maxPayoffs {
		p.invalid(playersTok, "the game has too many strategy profiles")
		return nil
	}
	var comment string
	if p.tok.kind == tokString {
		comment = p.tok.text
		p.advance()
	}
	// The body is read before the game is made, so that the payoff table
	// is allocated only for a file that holds it: a short file cannot
	// make the reader allocate a huge game.
	var pay []float64
	var ok2 bool
	if p.tok.kind == tokLBrace {
		pay, ok2 = p.nfgOutcomes(len(players), tableSize(dims)/len(players))
	} else {
		pay, ok2 = p.nfgPayoffs(len(players), tableSize(dims)/len(players))
	}
	if !ok2 {
		return nil
	}
	g := game.NewStrategic(dims...)
	g.Title, g.Comment = title.text, comment
	for i, n := range players {
		g.SetPlayerName(i, n)
	}
	for i := range names {
		for s, n := range names[i] {
			g.SetStrategyName(i, s, n)
		}
	}
	copy(g.Payoffs(), pay)
	return g
}

func tableSize(dims []int) int {
	n := len(dims)
	for _, d := range dims {
		n *= d
	}
	return n
}

// nfgStrategies reads either { n1 n2 ... } or { { "a" ... } { ... } ... }.
func (p *parser) nfgStrategies(players int) (dims []int, names [][]string, ok bool) {
	open, ok := p.expect(tokLBrace, `"{" opening the strategies`)
	if !ok {
		return nil, nil, false
	}
	if p.tok.kind == tokNumber {
		for p.tok.kind == tokNumber {
			t := p.tok
			n, err := parseCount(t.text, maxStrategies)
			if err != nil || n == 0 {
				p.invalid(t, "strategy count %s, want a positive integer up to %d", clip(t.text), maxStrategies)
				return nil, nil, false
			}
			dims = append(dims, n)
			p.advance()
		}
		if _, ok := p.expect(tokRBrace, `a strategy count or "}"`); !ok {
			return nil, nil, false
		}
	} else {
		for p.tok.kind == tokLBrace {
			t := p.tok
			list, ok := p.stringList("strategy names of a player")
			if !ok {
				return nil, nil, false
			}
			if len(list) == 0 {
				p.invalid(t, "player %d has no strategies", len(dims)+1)
				return nil, nil, false
			}
			if len(list) > maxStrategies {
				p.invalid(t, "player %d has more than %d strategies", len(dims)+1, maxStrategies)
				return nil, nil, false
			}
			dims = append(dims, len(list))
			names = append(names, list)
		}
		if _, ok := p.expect(tokRBrace, `"{" opening a player's strategies, or "}"`); !ok {
			return nil, nil, false
		}
	}
	if len(dims) != players {
		p.invalid(open, "strategies given for %d players, the game has %d", len(dims), players)
		return nil, nil, false
	}
	return dims, names, true
}

// nfgPayoffs reads the payoff-list variant: numbers up to the end of file,
// n per profile. ok is false when the count is wrong or the file does not
// end there.
func (p *parser) nfgPayoffs(n, profiles int) (pay []float64, ok bool) {
	want := n * profiles
	count := 0
	for p.tok.kind == tokNumber || p.tok.kind == tokComma {
		if p.tok.kind == tokComma {
			p.advance()
			continue
		}
		t := p.tok
		v, _ := p.number("a payoff")
		if count < want {
			pay = append(pay, v)
		} else if count == want {
			p.invalid(t, "more payoffs than the %d the game needs (%d profiles × %d players)", want, profiles, n)
		}
		count++
	}
	if p.tok.kind != tokEOF {
		p.fail("a payoff or end of file")
		return nil, false
	}
	if count < want {
		p.invalid(p.tok, "%d payoffs, the game needs %d (%d profiles × %d players)", count, want, profiles, n)
		return nil, false
	}
	return pay, count == want
}

// nfgOutcomes reads the outcome variant: { { "name" u1, u2 } ... } and then
// one outcome number per profile; it returns the payoff table.
func (p *parser) nfgOutcomes(n, profiles int) (pay []float64, ok bool) {
	p.advance() // "{"
	var outcomes [][]float64
	for p.tok.kind == tokLBrace {
		open := p.tok
		p.advance()
		if _, ok := p.expect(tokString, "the outcome's name in quotes"); !ok {
			return nil, false
		}
		var op []float64
		for p.tok.kind == tokNumber || p.tok.kind == tokComma {
			if p.tok.kind == tokComma {
				p.advance()
				continue
			}
			v, _ := p.number("a payoff")
			op = append(op, v)
			if len(op) > n {
				break
			}
		}
		if _, ok := p.expect(tokRBrace, `a payoff or "}" closing the outcome`); !ok {
			return nil, false
		}
		if len(op) != n {
			p.invalid(open, "outcome %d has %d payoffs, want %d (one per player)", len(outcomes)+1, len(op), n)
			op = append(op, make([]float64, n)...)[:n]
		}
		outcomes = append(outcomes, op)
	}
	if _, ok := p.expect(tokRBrace, `"{" opening an outcome, or "}" closing the outcomes`); !ok {
		return nil, false
	}
	k := 0
	for p.tok.kind == tokNumber {
		t := p.tok
		p.advance()
		o, err := parseCount(t.text, len(outcomes))
		if err != nil {
			p.invalid(t, "outcome number %s, want 0 to %d", clip(t.text), len(outcomes))
			o = 0
		}
		if k == profiles {
			p.invalid(t, "more outcome numbers than the %d profiles", profiles)
		}
		if k < profiles {
			if o > 0 {
				pay = append(pay, outcomes[o-1]...)
			} else {
				for range n {
					pay = append(pay, 0)
				}
			}
		}
		k++
	}
	if p.tok.kind != tokEOF {
		p.fail("an outcome number or end of file")
		return nil, false
	}
	if k < profiles {
		p.invalid(p.tok, "%d outcome numbers, the game has %d profiles", k, profiles)
		return nil, false
	}
	return pay, true
}
