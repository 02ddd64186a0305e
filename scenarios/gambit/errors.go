package gambit

import (
	"errors"
	"fmt"

	"github.com/parley-dev/parley/scenarios/fileerr"
)

// ErrSyntax is wrapped by errors about the structure of a file (a token
// that is not the one the format requires there).
var ErrSyntax = errors.New("syntax error")

// ErrInvalid is wrapped by errors about well-formed content that does not
// make a valid game (a payoff count that does not match, a probability that
// is negative, an information set used with different actions).
var ErrInvalid = errors.New("invalid game")

// ParseError is an error at a position in a Gambit file (fileerr.ParseError).
type ParseError = fileerr.ParseError

// ErrorList is several ParseErrors from one file, in file order
// (fileerr.ErrorList).
type ErrorList = fileerr.ErrorList

// maxErrors bounds how many errors a reader collects before giving up.
const maxErrors = 20

// parser is the state shared by the .nfg and .efg readers: a token stream
// with one token of lookahead and the errors found so far.
type parser struct {
	file string
	lx   *lexer
	tok  token
	errs ErrorList
}

func newParser(file string, src []byte) *parser {
	p := &parser{file: file, lx: newLexer(src)}
	p.tok = p.lx.next()
	return p
}

func (p *parser) advance() { p.tok = p.lx.next() }

// errorAt records an error at a token's position.
func (p *parser) errorAt(t token, err error) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &ParseError{File: p.file, Line: t.line, Col: t.col, Err: err})
	}
}

// fail records a syntax error at the current token: what was expected and
// what was found.
func (p *parser) fail(what string) {
	p.errorAt(p.tok, fmt.Errorf("%w: expected %s, found %s", ErrSyntax, what, p.tok.describe()))
}

// invalid records a semantic error at a token.
func (p *parser) invalid(t token, format string, args ...any) {
	p.errorAt(t, fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...)))
}

// expect consumes a token of the given kind or records a syntax error.
func (p *parser) expect(k tokKind, what string) (token, bool) {
	t := p.tok
	if t.kind != k {
		p.fail(what)
		return t, false
	}
	p.advance()
	return t, true
}

// number consumes a number token and parses it.
func (p *parser) number(what string) (float64, bool) {
	t, ok := p.expect(tokNumber, what)
	if !ok {
		return 0, false
	}
	v, err := parseNumber(t.text)
	if err != nil {
		p.invalid(t, "%v", err)
		return 0, true // keep going: the structure is intact
	}
	return v, true
}

// stringList consumes { "a" "b" ... }.
func (p *parser) stringList(what string) ([]string, bool) {
	if _, ok := p.expect(tokLBrace, `"{" opening the `+what); !ok {
		return nil, false
	}
	var out []string
	for p.tok.kind == tokString {
		out = append(out, p.tok.text)
		p.advance()
	}
	if _, ok := p.expect(tokRBrace, `a quoted name or "}" closing the `+what); !ok {
		return nil, false
	}
	return out, true
}
