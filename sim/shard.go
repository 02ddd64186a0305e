package sim

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
)

// StateFormat versions State. Format 2: Sum and SumSq are the exact sums
// of every payoff and of every payoff's square (format 1, unnumbered,
// summed squares rounded per chunk and cannot be merged with it).
const StateFormat = 2

// State is a result's raw counts and exact sums, serialisable so that
// shards of a run made on different machines can be merged. Merging is
// exact (integer counts, exact sums, sketch buckets), so merged shards
// give the same bytes as one run.
type State struct {
	Format   int           `json:"format"` // StateFormat
	Layout   LayoutState   `json:"layout"`
	N        int64         `json:"n"`
	Outcomes []int64       `json:"outcomes"`
	Tallies  [][]int64     `json:"tallies"`
	Ties     int64         `json:"ties"`
	Sum      []string      `json:"sum"`   // exact, in big.Float 'p' notation
	SumSq    []string      `json:"sumsq"` // likewise
	Sketches []SketchState `json:"sketches"`
}

// LayoutState names a state's rows, in the model's order.
type LayoutState struct {
	Outcomes []Outcome   `json:"outcomes"`
	Parties  []Party     `json:"parties"`
	Metrics  []string    `json:"metrics,omitempty"`
	Tallies  []TallySpec `json:"tallies"`
}

// SketchState is a quantile sketch's buckets.
type SketchState struct {
	Shift  float64       `json:"shift"` // the centre the buckets measure from
	Zero   BucketState   `json:"zero"`
	PosOff int           `json:"pos_offset"`
	Pos    []BucketState `json:"pos"`
	NegOff int           `json:"neg_offset"`
	Neg    []BucketState `json:"neg"`
}

// BucketState is one sketch bucket.
type BucketState struct {
	N   int64   `json:"n"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// State returns the result's raw counts for merging.
func (r *Result) State() *State {
	a := r.agg
	l := r.layout()
	st := &State{Format: StateFormat, Layout: LayoutState{l.outcomes, l.parties, l.metrics, l.tallies}, N: a.n, Outcomes: slices.Clone(a.outcomes), Ties: a.ties}
	for _, t := range a.tallies {
		st.Tallies = append(st.Tallies, slices.Clone(t))
	}
	for p := range a.sum {
		st.Sum = append(st.Sum, a.sum[p].big().Text('p', 0))
		st.SumSq = append(st.SumSq, a.sumsq[p].big().Text('p', 0))
		sk := &a.sketches[p]
		ss := SketchState{Shift: sk.shift, Zero: toState(sk.zero), PosOff: sk.pos.off, NegOff: sk.neg.off}
		for _, b := range sk.pos.b {
			ss.Pos = append(ss.Pos, toState(b))
		}
		for _, b := range sk.neg.b {
			ss.Neg = append(ss.Neg, toState(b))
		}
		st.Sketches = append(st.Sketches, ss)
	}
	return st
}

// WithState rebuilds a result's counts and statistics from a State (as
// decoded from a shard's JSON), so that it can be merged. The result's
// identifying fields (Scenario, Hash, Seed, Shard, ...) are kept.
func (r *Result) WithState(st *State) error {
	if st.Format != StateFormat {
		return fmt.Errorf("merge state format %d, want %d: the shard was written by another version of parley; run it again", st.Format, StateFormat)
	}
	l := layout{st.Layout.Outcomes, st.Layout.Parties, st.Layout.Metrics, st.Layout.Tallies}
	a := &aggregate{n: st.N, ties: st.Ties, outcomes: slices.Clone(st.Outcomes)}
	if len(st.Outcomes) != len(l.outcomes) || len(st.Tallies) != len(l.tallies) ||
		len(st.Sum) != l.columns() || len(st.SumSq) != l.columns() || len(st.Sketches) != l.columns() {
		return errors.New("merge state does not match the result's outcomes, parties or tallies")
	}
	for i, t := range st.Tallies {
		if len(t) != len(l.tallies[i].Labels) {
			return fmt.Errorf("merge state tally %d has %d rows, want %d", i, len(t), len(l.tallies[i].Labels))
		}
		a.tallies = append(a.tallies, slices.Clone(t))
	}
	a.sum = make([]exactSum, l.columns())
	a.sumsq = make([]exactSum, l.columns())
	a.sketches = make([]sketch, l.columns())
	for p := range l.columns() {
		for _, f := range []struct {
			dst *exactSum
			src string
		}{{&a.sum[p], st.Sum[p]}, {&a.sumsq[p], st.SumSq[p]}} {
			v, _, err := new(big.Float).SetPrec(2*32*accLimbs).Parse(f.src, 0)
			if err == nil {
				err = f.dst.setBig(v)
			}
			if err != nil {
				return fmt.Errorf("merge state sum %q: %w", f.src, err)
			}
		}
		ss := st.Sketches[p]
		sk := &a.sketches[p]
		sk.zero = fromState(ss.Zero)
		sk.shift = ss.Shift
		sk.pos.off, sk.neg.off = ss.PosOff, ss.NegOff
		for _, b := range ss.Pos {
			sk.pos.b = append(sk.pos.b, fromState(b))
		}
		for _, b := range ss.Neg {
			sk.neg.b = append(sk.neg.b, fromState(b))
		}
	}
	r.agg = a
	r.summarise(l)
	return nil
}

// Merge combines the shards of one run into the result the whole run
// would have given. The shards must come from the same scenario (content
// hash), variant, seed and iteration count, and together cover every part
// exactly once.
func Merge(parts ...*Result) (*Result, error) {
	if len(parts) == 0 {
		return nil, errors.New("nothing to merge")
	}
	first := parts[0]
	count := first.Shard.Count
	if count == 0 {
		count = 1
	}
	seen := make([]bool, count)
	for i, p := range parts {
		if p.agg == nil {
			return nil, fmt.Errorf("part %d has no merge state (run it with --shard)", i+1)
		}
		if p.Scenario != first.Scenario || p.Hash != first.Hash || p.Variant != first.Variant ||
			p.Seed != first.Seed || p.Requested != first.Requested || p.Version != first.Version {
			return nil, fmt.Errorf("part %d is from another run (scenario %s %s, variant %q, seed %d, %d iterations, parley %s; the first part is %s %s, %q, %d, %d, %s)",
				i+1, p.Scenario, p.Hash, p.Variant, p.Seed, p.Requested, p.Version,
				first.Scenario, first.Hash, first.Variant, first.Seed, first.Requested, first.Version)
		}
		if p.Shard.Count != first.Shard.Count {
			return nil, fmt.Errorf("part %d is shard %d/%d, but the first is of %d", i+1, p.Shard.Index+1, p.Shard.Count, first.Shard.Count)
		}
		if len(p.agg.sketches) != len(first.agg.sketches) {
			return nil, fmt.Errorf("part %d has %d payoff columns, the first part %d: it is from another run", i+1, len(p.agg.sketches), len(first.agg.sketches))
		}
		for c := range p.agg.sketches {
			if p.agg.sketches[c].shift != first.agg.sketches[c].shift {
				return nil, fmt.Errorf("part %d measured quantiles from another centre than the first part: it is from another run", i+1)
			}
		}
		if seen[p.Shard.Index] {
			return nil, fmt.Errorf("shard %d/%d is given twice", p.Shard.Index+1, count)
		}
		seen[p.Shard.Index] = true
	}
	var missing []int
	for i, ok := range seen {
		if !ok {
			missing = append(missing, i+1)
		}
	}
	out := *first
	out.Shard = Shard{}
	out.agg = &aggregate{}
	l := first.layout()
	out.agg.outcomes = make([]int64, len(l.outcomes))
	for _, t := range l.tallies {
		out.agg.tallies = append(out.agg.tallies, make([]int64, len(t.Labels)))
	}
	out.agg.sum = make([]exactSum, l.columns())
	out.agg.sumsq = make([]exactSum, l.columns())
	out.agg.sketches = make([]sketch, l.columns())
	for _, p := range parts {
		out.agg.merge(p.agg)
		out.Partial = out.Partial || p.Partial
	}
	out.summarise(l)
	if len(missing) > 0 {
		out.Partial = true
		out.Shard = Shard{}
		return &out, fmt.Errorf("shards %v of %d are missing: the merged result is partial", missing, count)
	}
	return &out, nil
}

func toState(b bucket) BucketState { return BucketState{N: b.n, Min: b.min, Max: b.max} }

func fromState(b BucketState) bucket { return bucket{n: b.N, min: b.Min, max: b.Max} }
