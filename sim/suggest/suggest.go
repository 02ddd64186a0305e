// Package suggest finds the name a user probably meant when they typed one
// that does not exist: the hint after "unknown party \"selr\"". Package sim
// uses it in its compile problems and analysis errors, the scenarios loader
// in its key and anchor errors, and the CLI in its own. It imports nothing
// of Parley's.
package suggest

import (
	"fmt"
	"strings"
)

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

// DidYouMean formats Nearest as a hint to append to a message
// ("; did you mean \"seller\"?"), or returns "" when nothing is close.
func DidYouMean(name string, options []string) string {
	if n := Nearest(name, options); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b,
// in characters.
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
