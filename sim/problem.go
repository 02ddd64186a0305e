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

// Nearest returns the option closest to name by edit distance, or "" when
// none is close enough to be a plausible typo.
func Nearest(name string, options []string) string {
	// A plausible slip changes less than about half the name, and does
	// not rewrite a whole option of four letters or more: "seler" for
	// seller, "medium" for mid, but not "signed" for none.
	best, bestD := "", len(name)/2+2
	for _, o := range options {
		d := editDistance(strings.ToLower(name), strings.ToLower(o))
		if d < bestD && (d < len([]rune(o)) || len([]rune(o)) < 4) {
			best, bestD = o, d
		}
	}
	if best == "" && len(name) >= 3 {
		for _, o := range options {
			if strings.HasPrefix(o, name) || strings.HasPrefix(name, o) {
				return o
			}
		}
	}
	return best
}

// DidYouMean formats a hint for Nearest, or returns "".
func DidYouMean(name string, options []string) string {
	if n := Nearest(name, options); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Optimal string alignment distance: an adjacent transposition ("braech")
	// is one slip, as a person types it.
	pp := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}
