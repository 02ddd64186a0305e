package ktab

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSyntax is wrapped by errors about a file's layout: a field missing,
// or one that is not the number or the end of line the format requires.
var ErrSyntax = errors.New("syntax error")

// ErrInvalid is wrapped by errors about well-formed content that KTAB's
// model cannot run: a count out of range, a position off the 0–100 scale.
var ErrInvalid = errors.New("invalid KTAB case")

// ErrTooLarge is returned for input longer than MaxInputSize.
var ErrTooLarge = errors.New("input too large")

// ParseError is an error at a position in a KTAB file, like
// encoding/csv.ParseError. Line and Col are 1-based; Col counts bytes.
type ParseError struct {
	File string
	Line int
	Col  int
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrorList is several ParseErrors from one file, in file order. Read
// returns one when it found more than one problem.
type ErrorList []*ParseError

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// maxErrors bounds how many errors Read collects before giving up.
const maxErrors = 20
