package ktab

import (
	"errors"

	"github.com/parley-dev/parley/scenarios/fileerr"
)

// ErrSyntax is wrapped by errors about a file's layout: a field missing,
// or one that is not the number or the end of line the format requires.
var ErrSyntax = errors.New("syntax error")

// ErrInvalid is wrapped by errors about well-formed content that KTAB's
// model cannot run: a count out of range, a position off the 0–100 scale.
var ErrInvalid = errors.New("invalid KTAB case")

// ErrTooLarge is returned for input longer than MaxInputSize.
var ErrTooLarge = errors.New("input too large")

// ParseError is an error at a position in a KTAB file (fileerr.ParseError).
type ParseError = fileerr.ParseError

// ErrorList is several ParseErrors from one file, in file order
// (fileerr.ErrorList).
type ErrorList = fileerr.ErrorList

// maxErrors bounds how many errors Read collects before giving up.
const maxErrors = 20
