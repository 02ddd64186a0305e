package model

import (
	"fmt"
	"strings"
)

// A Problem is one thing wrong with a scenario, located by the key path of
// the value at fault (for example "parameters.breach_cost.triangular").
// Offset, when not negative, is the byte offset inside that value's text
// where the fault lies, so an expression error can point at its column.
type Problem struct {
	Path   string
	Offset int
	Msg    string
}

func (p Problem) Error() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// Problems is every problem a compile found, in the order of the scenario.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Add records a problem at path.
func (ps *Problems) Add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Offset: -1, Msg: fmt.Sprintf(format, args...)})
}

// AddAt records a problem at a character offset inside the value at path.
func (ps *Problems) AddAt(path string, offset int, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Offset: offset, Msg: fmt.Sprintf(format, args...)})
}

// Err is the problems as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
