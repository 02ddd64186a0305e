package gambit

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokString
	tokNumber
	tokWord
	tokLBrace
	tokRBrace
	tokComma
	tokInvalid
)

// token is a lexical token and where it starts (1-based line and column,
// the column counted in bytes).
type token struct {
	kind      tokKind
	text      string // string contents (unescaped), number or word text
	line, col int
	err       string // for tokInvalid: what is wrong
}

// describe says what a token is, for "expected X, found Y" messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokString:
		return "string " + strconv.Quote(clip(t.text))
	case tokNumber:
		return "number " + clip(t.text)
	case tokWord:
		return "word " + strconv.Quote(clip(t.text))
	case tokLBrace:
		return `"{"`
	case tokRBrace:
		return `"}"`
	case tokComma:
		return `","`
	}
	return t.err
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// lexer splits a Gambit file into tokens. Gambit's formats are free-form:
// tokens are separated by white space, and commas between payoffs are
// optional.
type lexer struct {
	src       []byte
	pos       int
	line, col int
}

func newLexer(src []byte) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) advance() byte {
	c := l.src[l.pos]
	l.pos++
	if c == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return c
}

func (l *lexer) next() token {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
			break
		}
		l.advance()
	}
	t := token{line: l.line, col: l.col}
	if l.pos >= len(l.src) {
		t.kind = tokEOF
		return t
	}
	c := l.src[l.pos]
	switch {
	case c == '{':
		l.advance()
		t.kind = tokLBrace
	case c == '}':
		l.advance()
		t.kind = tokRBrace
	case c == ',':
		l.advance()
		t.kind = tokComma
	case c == '"':
		l.advance()
		var sb strings.Builder
		for {
			if l.pos >= len(l.src) {
				t.kind = tokInvalid
				t.err = "unterminated string"
				return t
			}
			c := l.advance()
			if c == '"' {
				break
			}
			if c == '\\' && l.pos < len(l.src) {
				c = l.advance()
			}
			sb.WriteByte(c)
		}
		t.kind = tokString
		t.text = sb.String()
	case c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.':
		start := l.pos
		for l.pos < len(l.src) && isNumberByte(l.src[l.pos]) {
			l.advance()
		}
		t.kind = tokNumber
		t.text = string(l.src[start:l.pos])
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		start := l.pos
		for l.pos < len(l.src) && isWordByte(l.src[l.pos]) {
			l.advance()
		}
		t.kind = tokWord
		t.text = string(l.src[start:l.pos])
	default:
		l.advance()
		t.kind = tokInvalid
		if c < 0x20 || c >= 0x7f {
			t.err = fmt.Sprintf("unexpected byte %#02x", c)
		} else {
			t.err = fmt.Sprintf("unexpected character %q", c)
		}
	}
	return t
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == '/' || c == 'e' || c == 'E'
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// maxNumberLen bounds the digits of a number, so that a hostile file cannot
// make the reader do big-integer arithmetic without limit.
const maxNumberLen = 400

// parseNumber reads a Gambit number: an integer, a decimal (with an optional
// exponent) or a fraction of two integers such as -3/19. Decimals round as
// strconv.ParseFloat does, so a float64 written with 'g' and -1 precision
// reads back unchanged.
func parseNumber(s string) (float64, error) {
	if len(s) > maxNumberLen {
		return 0, fmt.Errorf("number has more than %d characters", maxNumberLen)
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		num, ok1 := new(big.Int).SetString(s[:i], 10)
		den, ok2 := new(big.Int).SetString(s[i+1:], 10)
		if !ok1 || !ok2 || strings.HasPrefix(s[i+1:], "+") || strings.HasPrefix(s[i+1:], "-") {
			return 0, fmt.Errorf("malformed fraction %s", s)
		}
		if den.Sign() == 0 {
			return 0, fmt.Errorf("fraction %s divides by zero", s)
		}
		f, _ := new(big.Rat).SetFrac(num, den).Float64()
		if math.IsInf(f, 0) {
			return 0, fmt.Errorf("number %s out of range", s)
		}
		return f, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("number %s out of range", s)
		}
		return 0, fmt.Errorf("malformed number %s", s)
	}
	return f, nil
}

// parseCount reads a non-negative integer no larger than max.
func parseCount(s string, max int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("expected a non-negative integer, found %s", clip(s))
	}
	if n > max {
		return 0, fmt.Errorf("%d is larger than %d", n, max)
	}
	return n, nil
}
