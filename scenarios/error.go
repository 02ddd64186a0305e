package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim/safetext"
)

// An Error is a problem at a place in a scenario file, in the manner of
// encoding/csv.ParseError.
type Error struct {
	File string // file name as given, or the bundled scenario's name
	Line int    // 1-based; 0 when the problem has no single place
	Col  int    // 1-based
	Path string // key path of the value at fault, such as parameters.x.beta
	Err  error
}

// Error writes the problem on one line, its control characters escaped:
// a file name or a value quoted from the file reaches the terminal only as
// text.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return safetext.EscapeText(b.String(), false)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every problem found in one file, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var lines []string
	for _, e := range l {
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find an *Error inside the list.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		return cmp.Compare(a.Col, b.Col)
	})
}
