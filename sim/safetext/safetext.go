// Package safetext keeps text from a scenario file or the command line
// from doing more than show characters on a terminal: it finds control
// characters and bidirectional overrides (BadRune), names them in
// messages (RuneName) and escapes them for printing (EscapeText). The
// scenarios loader refuses them in names and escapes them in errors; the
// reports escape them in everything they print. It imports nothing of
// Parley's.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// unsafeRune reports whether r, printed to a terminal, could do more than
// show a character: a C0 or C1 control (escape sequences, carriage
// return, backspace) or a bidirectional override or isolate (which
// reorders the text around it, so a line reads other than it is).
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// BadRune finds the first character of s that is unsafe to print, a line
// break or tab excepted when breaks is true (free text of several lines).
// It returns the character and its offset in characters, or -1.
func BadRune(s string, breaks bool) (rune, int) {
	i := 0
	for _, r := range s {
		if unsafeRune(r) && !(breaks && (r == '\n' || r == '\t')) {
			return r, i
		}
		i++
	}
	return 0, -1
}

// RuneName names a character for a message: "U+001B (escape)".
func RuneName(r rune) string {
	name := map[rune]string{0: "null", '\a': "bell", '\b': "backspace", '\t': "tab", '\n': "line break",
		'\r': "carriage return", 0x1b: "escape", 0x7f: "delete", 0x202e: "right-to-left override",
		0x202d: "left-to-right override", 0x2028: "line separator", 0x2029: "paragraph separator"}[r]
	switch {
	case name != "":
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x061c || r == 0x200e || r == 0x200f:
		name = "a bidirectional text control"
	default:
		name = "a control character"
	}
	return fmt.Sprintf("U+%04X (%s)", r, name)
}

// EscapeText makes s safe to print: each unsafe character becomes an
// escape as Go writes it (\x1b, \r, \u202e), a line break or tab kept
// when breaks is true. Text with nothing to escape is returned as is.
func EscapeText(s string, breaks bool) string {
	if _, at := BadRune(s, breaks); at < 0 {
		if utf8.ValidString(s) {
			return s
		}
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case breaks && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case unsafeRune(r):
			switch r {
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				if r < 0x100 {
					fmt.Fprintf(&b, `\x%02x`, r)
				} else {
					fmt.Fprintf(&b, `\u%04x`, r)
				}
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
