package sim

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strings"

	"github.com/parley-dev/parley/sim/stats"
)

// FieldError is one problem with a field of a merge state, named by its
// path in the state's JSON ("outcomes[1]", "sketches[0].pos[3].n").
type FieldError struct {
	Path string
	Msg  string
}

func (e FieldError) Error() string { return e.Path + ": " + e.Msg }

// StateError lists every problem ValidateState found in one state.
type StateError struct{ Problems []FieldError }

func (e *StateError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// maxStateProblems bounds how many problems ValidateState lists: a file
// with a million bad buckets needs no million lines to be refused.
const maxStateProblems = 20

// Sketch bucket indices a float64 can reach (stats.MinBucketIndex to
// stats.MaxBucketIndex). Offsets outside this range can only come from an
// edited file, and bounding them bounds what a merge allocates.
var (
	minSketchIndex = stats.MinBucketIndex
	maxSketchIndex = stats.MaxBucketIndex
)

// ShardWorlds returns how many worlds shard sh of a run of n worlds
// covers: whole chunks, split as Run splits them. It does not overflow
// for any n and count.
func ShardWorlds(n int64, sh Shard) int64 {
	if sh.Count <= 0 || n <= 0 {
		return max(n, 0)
	}
	chunks := n / ChunkSize // rounded up without overflowing near MaxInt64
	if n%ChunkSize != 0 {
		chunks++
	}
	at := func(k int) int64 { // first chunk of shard k: chunks·k/count without overflow
		hi, lo := bits.Mul64(uint64(chunks), uint64(k))
		q, _ := bits.Div64(hi, lo, uint64(sh.Count)) // hi < count as k ≤ count
		return int64(q)
	}
	first, last := at(sh.Index), at(sh.Index+1)
	end := n
	if last < chunks {
		end = last * ChunkSize
	}
	return max(0, end-first*ChunkSize)
}

// ValidateState checks a state read from a shard of a run of requested
// worlds before anything is built from it: the shape matches the layout,
// n is the shard's worlds (at most, if partial), every count is between
// 0 and n, the outcomes sum to n, one-per-world tallies sum to at most n,
// the sums are finite numbers no larger than n values could make, and
// every sketch holds n values in buckets a float64 can reach, each
// bucket's smallest and largest value inside it. It returns every
// problem found (up to maxStateProblems), with paths relative to the
// state. Add new checks here: WithState calls it before allocating.
func ValidateState(st *State, sh Shard, requested int64, partial bool) []FieldError {
	v := &stateCheck{}
	if st == nil {
		v.add("", "missing")
		return v.probs
	}
	lay := st.Layout
	if len(lay.Outcomes) == 0 {
		v.add("layout.outcomes", "no outcomes")
	}
	cols := len(lay.Parties) + len(lay.Metrics)
	v.unique("layout.outcomes", len(lay.Outcomes), func(i int) string { return lay.Outcomes[i].ID })
	v.unique("layout.parties", len(lay.Parties), func(i int) string { return lay.Parties[i].ID })
	v.unique("layout.metrics", len(lay.Metrics), func(i int) string { return lay.Metrics[i] })
	for i, t := range lay.Tallies {
		v.unique(fmt.Sprintf("layout.tallies[%d].labels", i), len(t.Labels), func(j int) string { return t.Labels[j] })
	}

	want := ShardWorlds(requested, sh)
	n := st.N
	switch {
	case n < 0:
		v.add("n", "%d worlds: a count cannot be negative", n)
	case partial && n > want:
		v.add("n", "%d worlds, but shard %d/%d of %d worlds holds %d", n, sh.Index+1, sh.Count, requested, want)
	case !partial && n != want:
		v.add("n", "%d worlds, but shard %d/%d of %d worlds holds %d (and the shard is not marked partial)", n, sh.Index+1, sh.Count, requested, want)
	}
	n = max(n, 0)

	if len(st.Outcomes) != len(lay.Outcomes) {
		v.add("outcomes", "%d counts for %d outcomes in layout.outcomes", len(st.Outcomes), len(lay.Outcomes))
	} else {
		v.sumTo("outcomes", st.Outcomes, n, true)
	}
	if len(st.Tallies) != len(lay.Tallies) {
		v.add("tallies", "%d tallies for %d in layout.tallies", len(st.Tallies), len(lay.Tallies))
	} else {
		for i, t := range st.Tallies {
			path := fmt.Sprintf("tallies[%d]", i)
			if len(t) != len(lay.Tallies[i].Labels) {
				v.add(path, "%d counts for %d labels in layout.tallies[%d].labels", len(t), len(lay.Tallies[i].Labels), i)
				continue
			}
			if lay.Tallies[i].Multi { // a world may count in several rows: each row ≤ n only
				for j, c := range t {
					v.count(fmt.Sprintf("%s[%d]", path, j), c, n)
				}
			} else {
				v.sumTo(path, t, n, false)
			}
		}
	}
	v.count("ties", st.Ties, n)

	sums := make([][2]*big.Float, cols) // parsed sum and sumsq, nil if bad
	for k, f := range []struct {
		name string
		vals []string
		sq   bool
	}{{"sum", st.Sum, false}, {"sumsq", st.SumSq, true}} {
		if len(f.vals) != cols {
			v.add(f.name, "%d sums for %d parties and metrics", len(f.vals), cols)
			continue
		}
		for p, s := range f.vals {
			sums[p][k] = v.exactSum(fmt.Sprintf("%s[%d]", f.name, p), s, n, f.sq)
		}
	}
	if len(st.Sketches) != cols {
		v.add("sketches", "%d sketches for %d parties and metrics", len(st.Sketches), cols)
	} else {
		for p := range st.Sketches {
			lo, hi, ok := v.sketch(fmt.Sprintf("sketches[%d]", p), &st.Sketches[p], n)
			if ok && n > 0 && sums[p][0] != nil && sums[p][1] != nil {
				v.moments(p, sums[p][0], sums[p][1], n, lo, hi)
			}
		}
	}
	return v.probs
}

type stateCheck struct {
	probs   []FieldError
	dropped bool
}

func (v *stateCheck) add(path, format string, args ...any) {
	if len(v.probs) == maxStateProblems {
		if !v.dropped {
			v.probs = append(v.probs, FieldError{"...", "more problems not listed"})
			v.dropped = true
		}
		return
	}
	if len(v.probs) > maxStateProblems {
		return
	}
	v.probs = append(v.probs, FieldError{path, fmt.Sprintf(format, args...)})
}

func (v *stateCheck) unique(path string, n int, id func(int) string) {
	seen := make(map[string]int, n)
	for i := range n {
		s := id(i)
		if s == "" {
			v.add(fmt.Sprintf("%s[%d]", path, i), "empty name")
			continue
		}
		if j, ok := seen[s]; ok {
			v.add(fmt.Sprintf("%s[%d]", path, i), "%q repeats %s[%d]", s, path, j)
		}
		seen[s] = i
	}
}

// count checks 0 ≤ c ≤ n.
func (v *stateCheck) count(path string, c, n int64) bool {
	if c < 0 {
		v.add(path, "%d: a count cannot be negative", c)
		return false
	}
	if c > n {
		v.add(path, "%d exceeds the shard's %d worlds", c, n)
		return false
	}
	return true
}

// sumTo checks every count and that they sum to n (exact) or at most n.
func (v *stateCheck) sumTo(path string, cs []int64, n int64, exact bool) {
	ok, overflow := true, false
	var total int64
	for i, c := range cs {
		if !v.count(fmt.Sprintf("%s[%d]", path, i), c, n) {
			ok = false
			continue
		}
		if total > math.MaxInt64-c {
			overflow = true
		} else {
			total += c
		}
	}
	if !ok {
		return
	}
	sum := fmt.Sprint(total)
	if overflow {
		sum = "more than 2^63"
	}
	switch {
	case exact && (overflow || total != n):
		v.add(path, "the counts sum to %s, but the shard has %d worlds", sum, n)
	case !exact && (overflow || total > n):
		v.add(path, "the rows count a world at most once, but sum to %s, more than the shard's %d worlds", sum, n)
	}
}

var maxFloat = new(big.Float).SetFloat64(math.MaxFloat64)

// statePrec holds any value of an exact sum without rounding.
const statePrec = stats.ExactSumPrec

// exactSum checks an exact sum of n payoffs (or of their squares) and
// returns it parsed, or nil.
func (v *stateCheck) exactSum(path, s string, n int64, squares bool) *big.Float {
	f := new(big.Float).SetPrec(statePrec)
	if _, _, err := f.Parse(s, 0); err != nil {
		v.add(path, "%.40q is not a number", s)
		return nil
	}
	if f.IsInf() {
		v.add(path, "%s: sums must be finite", s)
		return nil
	}
	if squares && f.Sign() < 0 {
		v.add(path, "%.40q: a sum of squares cannot be negative", s)
		return nil
	}
	if n == 0 && f.Sign() != 0 {
		v.add(path, "%.40q: no worlds, so the sum must be 0", s)
		return nil
	}
	// Every payoff is a finite float64, so |sum| ≤ n·MaxFloat64, and a sum
	// of squares ≤ n·MaxFloat64².
	var bound, abs big.Float
	bound.SetPrec(statePrec).SetInt64(n)
	bound.Mul(&bound, maxFloat)
	if squares {
		bound.Mul(&bound, maxFloat)
	}
	if abs.Abs(f).Cmp(&bound) > 0 {
		v.add(path, "%.40q: larger than %d finite payoffs can sum to", s, n)
		return nil
	}
	// An exact sum of float64 values (or squares) is a whole multiple of
	// the accumulator's smallest unit.
	var es stats.ExactSum
	if err := es.SetBig(f); err != nil {
		v.add(path, "%.40q: %v", s, err)
		return nil
	}
	return f
}

// momentTol allows for the rounding of float64 sums within a chunk.
const momentTol = 1e-9

// moments checks the sums of column p against the sketch's smallest and
// largest value: the mean lies between them, the mean square is at most
// the larger square and at least the square of the mean. A sum edited to
// any other finite number would print a mean or SD no world had.
func (v *stateCheck) moments(p int, sum, sumsq *big.Float, n int64, lo, hi float64) {
	// In big.Float: squares of payoffs near ±1e308 are beyond float64, and
	// their exact sums are valid.
	const prec = 200
	var nf, mean, meanSq, scale, scaleSq, meanSqLo big.Float
	nf.SetInt64(n)
	mean.SetPrec(prec).Quo(sum, &nf)
	meanSq.SetPrec(prec).Quo(sumsq, &nf)
	scale.SetFloat64(math.Max(math.Abs(lo), math.Abs(hi)))
	scaleSq.SetPrec(prec).Mul(&scale, &scale)
	tol := new(big.Float).SetPrec(prec).Mul(&scale, big.NewFloat(momentTol))
	loB, hiB := new(big.Float).SetFloat64(lo), new(big.Float).SetFloat64(hi)
	minMean := new(big.Float).SetPrec(prec).Sub(loB, tol)
	maxMean := new(big.Float).SetPrec(prec).Add(hiB, tol)
	maxSq := new(big.Float).SetPrec(prec).Mul(&scaleSq, big.NewFloat(1+momentTol))
	meanSqLo.SetPrec(prec).Mul(&mean, &mean)
	meanSqLo.Mul(&meanSqLo, big.NewFloat(1-momentTol))
	meanSqLo.Sub(&meanSqLo, new(big.Float).SetPrec(prec).Mul(tol, tol))
	mf, _ := mean.Float64()
	switch {
	case mean.Cmp(minMean) < 0 || mean.Cmp(maxMean) > 0:
		v.add(fmt.Sprintf("sum[%d]", p), "a mean of %v, outside the values %v to %v of sketches[%d]", mf, lo, hi, p)
	case meanSq.Cmp(maxSq) > 0 || meanSq.Cmp(&meanSqLo) < 0:
		msq, _ := meanSq.Float64()
		v.add(fmt.Sprintf("sumsq[%d]", p), "a mean square of %v, impossible with a mean of %v and values %v to %v", msq, mf, lo, hi)
	}
}

// sketch checks a sketch and returns the smallest and largest value it
// holds; ok is false if it has a problem.
func (v *stateCheck) sketch(path string, sk *SketchState, n int64) (lo, hi float64, ok bool) {
	before := len(v.probs)
	lo, hi = math.Inf(1), math.Inf(-1)
	var total int64
	over := false
	addN := func(c int64) {
		if total > n-c { // total + c > n, without overflow (c ≥ 0 here)
			over = true
		} else {
			total += c
		}
	}
	bucketOK := func(p string, b BucketState, in func(x float64) bool) {
		if !v.count(p+".n", b.N, n) {
			over = true
			return
		}
		if b.N == 0 {
			if b.Min != 0 || b.Max != 0 {
				v.add(p, "an empty bucket with min %v and max %v", b.Min, b.Max)
			}
			return
		}
		addN(b.N)
		lo, hi = math.Min(lo, b.Min), math.Max(hi, b.Max)
		switch {
		case math.IsNaN(b.Min) || math.IsInf(b.Min, 0) || math.IsNaN(b.Max) || math.IsInf(b.Max, 0):
			v.add(p, "min %v, max %v: must be finite", b.Min, b.Max)
		case b.Min > b.Max:
			v.add(p, "min %v exceeds max %v", b.Min, b.Max)
		case !in(b.Min) || !in(b.Max):
			v.add(p, "min %v and max %v do not both belong in this bucket", b.Min, b.Max)
		}
	}
	if sk.Shift-sk.Shift != 0 {
		v.add(path+".shift", "%v: must be finite", sk.Shift)
		return lo, hi, false
	}
	bucketOK(path+".zero", sk.Zero, func(x float64) bool { side, _ := stats.BucketOf(x, sk.Shift); return side == 0 })
	for _, side := range []struct {
		name string
		off  int
		bs   []BucketState
		sign int
	}{{"pos", sk.PosOff, sk.Pos, 1}, {"neg", sk.NegOff, sk.Neg, -1}} {
		if len(side.bs) == 0 {
			continue
		}
		if side.off < minSketchIndex || side.off > maxSketchIndex || len(side.bs) > maxSketchIndex-side.off+1 {
			v.add(path+"."+side.name+"_offset", "buckets %d to %d, but a float64 reaches only %d to %d",
				side.off, int64(side.off)+int64(len(side.bs))-1, minSketchIndex, maxSketchIndex)
			continue
		}
		for j, b := range side.bs {
			idx := side.off + j
			bucketOK(fmt.Sprintf("%s.%s[%d]", path, side.name, j), b, func(x float64) bool {
				s, i := stats.BucketOf(x, sk.Shift)
				return s == side.sign && i == idx
			})
		}
	}
	if over {
		v.add(path, "the buckets hold more than the shard's %d worlds", n)
	} else if total != n {
		v.add(path, "the buckets hold %d values, but the shard has %d worlds", total, n)
	}
	return lo, hi, len(v.probs) == before
}
