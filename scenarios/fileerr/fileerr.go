// Package fileerr is the positioned error of the file readers that sit
// beside the scenario loader (Gambit's .nfg/.efg, KTAB's CSV): an error at
// file:line:col, like encoding/csv.ParseError, and a list of them, so a
// reader reports every problem it finds rather than the first.
package fileerr

import (
	"fmt"
	"strings"
)

// ParseError is an error at a position in a file. Line and Col are
// 1-based; Col counts bytes.
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

// ErrorList is several ParseErrors from one file, in file order. Readers
// return one when they found more than one problem.
type ErrorList []*ParseError

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Err is the list as a reader returns it: nil when empty, the one
// *ParseError when there is one, else the list.
func (l ErrorList) Err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
