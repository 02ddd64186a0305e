package sim

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/parley-dev/parley/sim/stats"
)

// StateFormat versions State. Format 2: Sum and SumSq are the exact sums
// of every payoff and of every payoff's square (format 1, unnumbered,
// summed squares rounded per chunk and cannot be merged with it).
const StateFormat = 2

// State is a result's raw counts and exact sums, serialisable so that
// shards of a run made on different machines can be merged. Merging is
// exact (integer counts, exact sums, sketch buckets), so merged shards
// give the same bytes as one run.
//
// Its JSON field names are the "state" object of a shard file: this file
// owns that format (Result.State writes it, Result.WithState reads it
// back), ValidateState (statecheck.go) checks a state read from a file,
// and Merge (merge.go) combines results. The document around the state,
// with its checksum, is reports.RunJSON (reports/shard.go).
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
		st.Sum = append(st.Sum, a.sum[p].Big().Text('p', 0))
		st.SumSq = append(st.SumSq, a.sumsq[p].Big().Text('p', 0))
		zero, posOff, pos, negOff, neg := a.sketches[p].Buckets()
		ss := SketchState{Shift: a.sketches[p].Shift(), Zero: toState(zero), PosOff: posOff, NegOff: negOff}
		for _, b := range pos {
			ss.Pos = append(ss.Pos, toState(b))
		}
		for _, b := range neg {
			ss.Neg = append(ss.Neg, toState(b))
		}
		st.Sketches = append(st.Sketches, ss)
	}
	return st
}

// WithState rebuilds a result's counts and statistics from a State (as
// decoded from a shard's JSON), so that it can be merged. The result's
// identifying fields (Scenario, Hash, Seed, Requested, Shard, Partial,
// ...) are kept and must be set first: the state is checked against them
// (see ValidateState) before anything is allocated from it. A state that
// fails returns a *StateError listing every problem.
func (r *Result) WithState(st *State) error {
	if st.Format != StateFormat {
		return fmt.Errorf("merge state format %d, want %d: the shard was written by another version of parley; run it again", st.Format, StateFormat)
	}
	if probs := ValidateState(st, r.Shard, r.Requested, r.Partial); len(probs) > 0 {
		return &StateError{Problems: probs}
	}
	l := layout{st.Layout.Outcomes, st.Layout.Parties, st.Layout.Metrics, st.Layout.Tallies}
	a := &aggregate{n: st.N, ties: st.Ties, outcomes: slices.Clone(st.Outcomes)}
	for _, t := range st.Tallies {
		a.tallies = append(a.tallies, slices.Clone(t))
	}
	a.sum = make([]stats.ExactSum, l.columns())
	a.sumsq = make([]stats.ExactSum, l.columns())
	a.sketches = make([]stats.Sketch, l.columns())
	for p := range l.columns() {
		for _, f := range []struct {
			dst *stats.ExactSum
			src string
		}{{&a.sum[p], st.Sum[p]}, {&a.sumsq[p], st.SumSq[p]}} {
			v, _, err := new(big.Float).SetPrec(stats.ExactSumPrec).Parse(f.src, 0)
			if err == nil {
				err = f.dst.SetBig(v)
			}
			if err != nil {
				return fmt.Errorf("merge state sum %q: %w", f.src, err)
			}
		}
		ss := st.Sketches[p]
		var pos, neg []stats.Bucket
		for _, b := range ss.Pos {
			pos = append(pos, fromState(b))
		}
		for _, b := range ss.Neg {
			neg = append(neg, fromState(b))
		}
		a.sketches[p] = stats.RestoreSketch(ss.Shift, fromState(ss.Zero), ss.PosOff, pos, ss.NegOff, neg)
	}
	r.agg = a
	r.summarise(l)
	return nil
}

func toState(b stats.Bucket) BucketState { return BucketState(b) }

func fromState(b BucketState) stats.Bucket { return stats.Bucket(b) }
