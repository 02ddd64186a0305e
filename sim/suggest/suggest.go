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

// Nearest returns the option closest to name, or "" when none is close
// enough to be a plausible typo. Options are ranked over the whole list by
// edit distance, then by the longer shared prefix (people mistype the end
// of a word more than its start), then by the fewer letters that differ
// regardless of order (a swapped pair keeps the letters: "urss" is ussr,
// not us), then by the closer length; the first listed wins a full tie.
func Nearest(name string, options []string) string {
	// A plausible slip changes less than about half the name, and does
	// not rewrite a whole option of four letters or more: "seler" for
	// seller, "medium" for mid, but not "signed" for none.
	lname, limit := strings.ToLower(name), len(name)/2+2
	var best string
	var bestScore score
	for _, o := range options {
		lo := strings.ToLower(o)
		n := len([]rune(lo))
		sc := score{editDistance(lname, lo), -sharedPrefix(lname, lo), letterDiff(lname, lo), abs(len([]rune(lname)) - n)}
		if sc.dist >= limit || sc.dist >= n && n >= 4 {
			continue
		}
		if best == "" || sc.less(bestScore) {
			best, bestScore = o, sc
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

// score ranks an option against the name typed: each field is a
// tie-break of the one before, smaller is closer.
type score struct{ dist, prefix, letters, length int }

func (a score) less(b score) bool {
	switch {
	case a.dist != b.dist:
		return a.dist < b.dist
	case a.prefix != b.prefix:
		return a.prefix < b.prefix
	case a.letters != b.letters:
		return a.letters < b.letters
	}
	return a.length < b.length
}

// sharedPrefix is the number of leading characters a and b share.
func sharedPrefix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

// letterDiff counts the letters in one string and not the other, as
// multisets: 0 for anagrams.
func letterDiff(a, b string) int {
	count := map[rune]int{}
	for _, r := range a {
		count[r]++
	}
	for _, r := range b {
		count[r]--
	}
	n := 0
	for _, c := range count {
		n += abs(c)
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
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
