package sim

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

// Problems is every problem Compile found, in the order of the scenario.
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

// problems collects Problems while a scenario is compiled.
type problems struct{ list Problems }

func (ps *problems) add(path, format string, args ...any) {
	ps.list = append(ps.list, Problem{Path: path, Offset: -1, Msg: fmt.Sprintf(format, args...)})
}

func (ps *problems) addAt(path string, offset int, format string, args ...any) {
	ps.list = append(ps.list, Problem{Path: path, Offset: offset, Msg: fmt.Sprintf(format, args...)})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return ps.list
}
