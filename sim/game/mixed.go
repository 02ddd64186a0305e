package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"runtime"
)

// EnumMixed returns every extreme mixed Nash equilibrium of a two-player
// game: the set gambit-enummixed prints.
//
// Method: with payoffs rescaled to be positive, the equilibria are the
// completely labelled pairs (x, y) ≠ (0, 0) of the best-response polytopes
//
//	P = {x ≥ 0 : Bᵀx ≤ 1},  Q = {y ≥ 0 : Ay ≤ 1},
//
// where label i marks x_i = 0 or row i a best reply, and label m+j marks
// y_j = 0 or column j a best reply; normalising x and y gives the mixed
// strategies. The extreme equilibria — the extreme points of the maximal
// Nash subsets — are exactly the completely labelled pairs of vertices. Both
// polytopes' vertices are enumerated (see vertex.go) and paired through
// their label sets.
//
// Why vertex enumeration rather than support enumeration: in a degenerate
// game (deg1, coord4, winkels, most reduced forms of extensive games) a
// mixed strategy can have more best replies than its support size, the
// supports of an extreme equilibrium can differ in size, and an
// equal-support enumeration both misses equilibria and reports points
// inside a continuum. Vertices of the polytopes are well defined whatever
// the degeneracy: a degenerate vertex is simply one with more labels than
// the dimension, and it pairs with every vertex of the other polytope that
// covers the labels it lacks. Vertex enumeration is also output-sensitive
// (its cost follows the number of vertices, not the 4^n support pairs),
// which is what makes 15×15 games take seconds.
//
// Each equilibrium is then solved again in exact rationals from its labels
// and the equilibrium conditions are checked exactly; see Equilibrium.
// Equilibria are returned in the order their player-1 vertices are found.
// Games with more than 64 strategies in all are refused (label sets are
// bit masks); the number of vertices makes such games impractical anyway.
func EnumMixed(g *Strategic) ([]Equilibrium, error) {
	return EnumMixedContext(context.Background(), g, EnumMixedOptions{})
}

// EnumMixedOptions controls EnumMixedContext.
type EnumMixedOptions struct {
	// MaxBases bounds the bases of the two polytopes that the search holds
	// (it remembers every basis met, to expand each once); 0 means
	// DefaultMaxBases. Past it the search stops with an error wrapping
	// ErrIncomplete.
	MaxBases int
	// Progress, if not nil, is called from the solving goroutine every
	// few thousand bases.
	Progress func(EnumMixedProgress)
}

// EnumMixedProgress is how far a vertex enumeration has got.
type EnumMixedProgress struct {
	Bases    int // bases met so far, both polytopes
	Vertices int // vertices found so far, both polytopes
}

// DefaultMaxBases is EnumMixedContext's default bound on the bases held:
// about 400 MB of resident memory (measured: 45 to 50 bytes a basis, for
// its slot in an open-addressing set, its place on the stack and, when it
// is a new vertex, its label set; the 20×20 timing game that meets the
// most bases, 6.1 million, peaks at 240 MB), reached after half a minute
// or so.
const DefaultMaxBases = 1 << 23

// bigSearch is the number of bases held from which EnumMixedContext
// collects the search's garbage before pairing: a million bases, about 50
// MB.
const bigSearch = 1 << 20

// ErrIncomplete is wrapped by the error of a search stopped before its end,
// by its context or by a bound. The equilibria returned with such an error
// are genuine, but there may be more.
var ErrIncomplete = errors.New("search stopped before the end")

// BasesLimitError says why a vertex enumeration stopped at its bound on
// the bases held (EnumMixedOptions.MaxBases); EnumMixedContext's error
// wraps it with ErrIncomplete.
type BasesLimitError struct {
	Held, Limit int
}

func (e *BasesLimitError) Error() string {
	return fmt.Sprintf("the search holds %d bases, past its limit of %d", e.Held, e.Limit)
}

// EnumMixedContext is EnumMixed, stoppable. The two polytopes are searched
// in alternation, so that when ctx is done (checked every few bases, well
// under a millisecond apart for games of up to 64 strategies) or the bases
// held pass opts.MaxBases, the equilibria among the vertices found so far
// are returned, with an error wrapping ErrIncomplete (and ctx's error).
// A search that runs to its end gives exactly EnumMixed's list.
func EnumMixedContext(ctx context.Context, g *Strategic, opts EnumMixedOptions) ([]Equilibrium, error) {
	if len(g.dims) != 2 {
		return nil, ErrNotTwoPlayer
	}
	a, b, m, n := g.matrices()
	if m+n > maxLabels {
		return nil, errTooLarge
	}
	maxBases := opts.MaxBases
	if maxBases <= 0 {
		maxBases = DefaultMaxBases
	}
	px, qy := bestResponsePolytopes(a, b, m, n)
	sp, sq := newVertexSearch(px), newVertexSearch(qy)
	var stop error
	for i := 0; !sp.done() || !sq.done(); i++ {
		if !sp.done() {
			sp.step()
		}
		if !sq.done() {
			sq.step()
		}
		if i%16 != 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			stop = fmt.Errorf("game: enummixed: %w: %w", ErrIncomplete, context.Cause(ctx))
			break
		}
		held := sp.bases() + sq.bases()
		if held > maxBases {
			stop = fmt.Errorf("game: enummixed: %w: %w", ErrIncomplete, &BasesLimitError{Held: held, Limit: maxBases})
			break
		}
		if opts.Progress != nil && i%4096 == 0 {
			opts.Progress(EnumMixedProgress{Bases: held, Vertices: sp.vertices() + sq.vertices()})
		}
	}
	held := sp.bases() + sq.bases()
	sp.release()
	sq.release()
	if held >= bigSearch {
		// The sets of bases, most of the search's memory, are garbage
		// now, and pairing is about to allocate an index of the
		// vertices: collected first, their memory is reused rather than
		// added to, which lowers the peak (of a 20×20 game's search, by
		// the index's size) for the cost of one collection.
		runtime.GC()
	}
	pairs := pairVertices(&sp.masks, &sq.masks, m+n, n)
	if len(pairs) == 0 {
		return nil, stop
	}
	ar, br := ratMatrix(a), ratMatrix(b)
	out := make([]Equilibrium, 0, len(pairs))
	for _, pr := range pairs {
		x, y := sp.coords(pr[0]), sq.coords(pr[1])
		if ctx.Err() != nil {
			if stop == nil {
				stop = fmt.Errorf("game: enummixed: %w: %w", ErrIncomplete, context.Cause(ctx))
			}
			// Stopped: the pair is an equilibrium, but its exact check
			// can wait no longer.
			out = append(out, Equilibrium{Mixed: Mixed{normalize(x), normalize(y)}})
			continue
		}
		lx, ly := maskLabels(sp.masks.at(pr[0]), m+n), maskLabels(sq.masks.at(pr[1]), m+n)
		out = append(out, makeEquilibrium(ar, br, m, n, x, y, lx, ly))
	}
	return out, stop
}

// EnumMixedBound returns McMullen's upper bound on the vertices of the two
// best-response polytopes of an m×n game, the most that EnumMixed's search
// meets in a nondegenerate game (degenerate ones may have more bases than
// vertices): a simple d-polytope with f facets has at most
// C(f−⌊(d+1)/2⌋, f−d) + C(f−⌊(d+2)/2⌋, f−d) vertices, and P has dimension m
// and m+n facets, Q dimension n and m+n facets. The number is a float64:
// for 30×30 it is about 9e11.
func EnumMixedBound(m, n int) float64 {
	ubt := func(d, f int) float64 {
		return binom(f-(d+1)/2, f-d) + binom(f-(d+2)/2, f-d)
	}
	return ubt(m, m+n) + ubt(n, m+n)
}

func binom(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return math.Round(math.Exp(a - b - c))
}

// bestResponsePolytopes returns P (player 1's mixed strategies, with
// player 2's payoffs as constraints) and Q.
func bestResponsePolytopes(a, b []float64, m, n int) (px, qy *polytope) {
	as, bs := rescale(a), rescale(b)
	px = &polytope{d: m, k: n, M: make([]float64, m*n), zLabel: make([]int, m), rLabel: make([]int, n)}
	for j := range n {
		for i := range m {
			px.M[j*m+i] = bs[i*n+j]
		}
		px.rLabel[j] = m + j
	}
	for i := range m {
		px.zLabel[i] = i
	}
	qy = &polytope{d: n, k: m, M: as, zLabel: make([]int, n), rLabel: make([]int, m)}
	for j := range n {
		qy.zLabel[j] = m + j
	}
	for i := range m {
		qy.rLabel[i] = i
	}
	return px, qy
}

// pairVertices returns the index pairs of completely labelled vertex pairs,
// given the label sets of the vertices of P and of Q (whose dimension is
// dimQ). Vertices with exactly the dimension's number of labels (all of
// them in a nondegenerate game) are matched through an index of their
// label sets; the others, from degenerate games, by scanning.
func pairVertices(vp, vq *chunks, labels, dimQ int) [][2]int {
	all := uint64(1)<<labels - 1
	if labels == 64 {
		all = ^uint64(0)
	}
	// Label sets are unique among the vertices of a polytope, so the
	// index maps each to one vertex.
	byMask := newMaskIndex(vq.len())
	var degQ []int
	vq.each(func(i int, v uint64) {
		if bits.OnesCount64(v) == dimQ {
			byMask.put(v, i)
		} else {
			degQ = append(degQ, i)
		}
	})
	var out [][2]int
	vp.each(func(i int, v uint64) {
		need := all &^ v
		if bits.OnesCount64(need) == dimQ {
			if j, ok := byMask.get(need); ok {
				out = append(out, [2]int{i, j})
			}
			for _, j := range degQ {
				if vq.at(j)&need == need {
					out = append(out, [2]int{i, j})
				}
			}
			return
		}
		vq.each(func(j int, w uint64) {
			if w&need == need {
				out = append(out, [2]int{i, j})
			}
		})
	})
	return out
}

// maskIndex maps label sets (nonzero) to vertex indices by open
// addressing: for a 20×20 game a Go map of the million vertices of one
// polytope would cost several times the memory.
type maskIndex struct {
	keys  []uint64 // 0: empty
	vals  []int32
	shift uint
}

// newMaskIndex returns an index for up to n keys.
func newMaskIndex(n int) *maskIndex {
	size, shift := 2, uint(63)
	for size < 2*n {
		size, shift = 2*size, shift-1
	}
	return &maskIndex{keys: make([]uint64, size), vals: make([]int32, size), shift: shift}
}

// put adds k, which must not be there yet.
func (x *maskIndex) put(k uint64, i int) {
	mask := uint64(len(x.keys) - 1)
	h := (k * 0x9e3779b97f4a7c15) >> x.shift
	for x.keys[h] != 0 {
		h = (h + 1) & mask
	}
	x.keys[h], x.vals[h] = k, int32(i)
}

func (x *maskIndex) get(k uint64) (int, bool) {
	mask := uint64(len(x.keys) - 1)
	for h := (k * 0x9e3779b97f4a7c15) >> x.shift; x.keys[h] != 0; h = (h + 1) & mask {
		if x.keys[h] == k {
			return int(x.vals[h]), true
		}
	}
	return 0, false
}

func maskLabels(mask uint64, k int) []bool {
	out := make([]bool, k)
	for l := range out {
		out[l] = mask&(1<<l) != 0
	}
	return out
}

// makeEquilibrium normalises a vertex pair and solves it again exactly from
// the label sets lx of x and ly of y.
func makeEquilibrium(ar, br []*big.Rat, m, n int, x, y []float64, lx, ly []bool) Equilibrium {
	e := Equilibrium{Mixed: Mixed{normalize(x), normalize(y)}}
	// x: zero where labelled i, player 2 indifferent over labels m+j.
	// y: zero where labelled m+j, player 1 indifferent over labels i.
	xr, ok1 := ratSupportSolve(br, m, n, true, lx[:m], lx[m:])
	yr, ok2 := ratSupportSolve(ar, m, n, false, ly[m:], ly[:m])
	if ok1 && ok2 && verifyBimatrix(ar, br, m, n, xr, yr) {
		return exactEquilibrium(xr, yr)
	}
	return e
}

func normalize(z []float64) []float64 {
	var s float64
	for _, v := range z {
		s += v
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = v / s
	}
	return out
}
