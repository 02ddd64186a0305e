package sim

import (
	"errors"
	"fmt"
	"slices"

	"github.com/parley-dev/parley/sim/stats"
)

// Merge combines the shards of one run into the result the whole run
// would have given. The shards must come from the same scenario (content
// hash), variant, seed and iteration count, and together cover every part
// exactly once.
func Merge(parts ...*Result) (*Result, error) {
	names := make([]string, len(parts))
	for i := range parts {
		names[i] = fmt.Sprintf("part %d", i+1)
	}
	return MergeNamed(names, parts)
}

// maxListed bounds how many missing shards an error lists.
const maxListed = 10

// MergeNamed is Merge with a name per part (its file) for the errors.
// Every part is checked against the first (same run, same shard count,
// same outcomes, parties, metrics and tallies in the same order) and all
// the problems are reported together. If only some shards are missing it
// returns the partial result with an error.
func MergeNamed(names []string, parts []*Result) (*Result, error) {
	if len(parts) == 0 {
		return nil, errors.New("nothing to merge")
	}
	if len(names) != len(parts) {
		return nil, fmt.Errorf("%d names for %d parts", len(names), len(parts))
	}
	first := parts[0]
	count := first.Shard.Count
	if count == 0 {
		count = 1
	}
	// A map, not a slice of count: the count comes from a file.
	seen := make(map[int]string, len(parts))
	var errs []error
	l := first.layout()
	for i, p := range parts {
		name := names[i]
		if p.agg == nil {
			errs = append(errs, fmt.Errorf("%s: no merge state (run it with --shard)", name))
			continue
		}
		if p.Scenario != first.Scenario || p.Hash != first.Hash || p.Variant != first.Variant || p.Ties != first.Ties ||
			p.Seed != first.Seed || p.Requested != first.Requested || p.Version != first.Version {
			errs = append(errs, fmt.Errorf("%s is from another run (scenario %s %s, variant %q, seed %d, %d iterations, parley %s; %s is %s %s, %q, %d, %d, %s)",
				name, p.Scenario, p.Hash, p.Variant, p.Seed, p.Requested, p.Version,
				names[0], first.Scenario, first.Hash, first.Variant, first.Seed, first.Requested, first.Version))
			continue
		}
		if p.Shard.Count != first.Shard.Count {
			errs = append(errs, fmt.Errorf("%s: shard.count: %d, but %s is of %d", name, p.Shard.Count, names[0], first.Shard.Count))
			continue
		}
		if p.Shard.Index < 0 || p.Shard.Index >= count {
			errs = append(errs, fmt.Errorf("%s: shard.index: %d, want 1 to %d", name, p.Shard.Index+1, count))
			continue
		}
		if prev, ok := seen[p.Shard.Index]; ok {
			errs = append(errs, fmt.Errorf("%s: shard %d/%d is given twice (also %s)", name, p.Shard.Index+1, count, prev))
			continue
		}
		seen[p.Shard.Index] = name
		if i > 0 {
			for _, e := range sameLayout(l, p.layout(), names[0]) {
				errs = append(errs, fmt.Errorf("%s: %w", name, e))
			}
			if len(p.agg.sketches) == len(first.agg.sketches) {
				for c := range p.agg.sketches {
					if p.agg.sketches[c].Shift() != first.agg.sketches[c].Shift() {
						errs = append(errs, fmt.Errorf("%s: state.sketches[%d].shift: its quantiles measure from another centre than %s's: it is from another run", name, c, names[0]))
						break
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var missing []int
	nMissing := count - len(seen)
	for i := 0; i < count && len(missing) < maxListed; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, i+1)
		}
	}
	out := *first
	out.Shard = Shard{}
	out.agg = &aggregate{}
	out.agg.outcomes = make([]int64, len(l.outcomes))
	for _, t := range l.tallies {
		out.agg.tallies = append(out.agg.tallies, make([]int64, len(t.Labels)))
	}
	out.agg.sum = make([]stats.ExactSum, l.columns())
	out.agg.sumsq = make([]stats.ExactSum, l.columns())
	out.agg.sketches = make([]stats.Sketch, l.columns())
	for _, p := range parts {
		out.agg.merge(p.agg)
		out.Partial = out.Partial || p.Partial
	}
	out.summarise(l)
	if nMissing > 0 {
		out.Partial = true
		out.Shard = Shard{}
		list := fmt.Sprint(missing)
		if nMissing > len(missing) {
			list = fmt.Sprintf("%s and %d more", list, nMissing-len(missing))
		}
		return &out, fmt.Errorf("shards %s of %d are missing: the merged result is partial", list, count)
	}
	return &out, nil
}

// sameLayout compares a part's rows with the first part's, naming the
// first difference of each kind by its path in the state's JSON.
func sameLayout(want, got layout, firstName string) []error {
	var errs []error
	diff := func(path string, a, b any) {
		errs = append(errs, fmt.Errorf("state.layout.%s: %q, but %s has %q", path, b, firstName, a))
	}
	if len(got.outcomes) != len(want.outcomes) {
		errs = append(errs, fmt.Errorf("state.layout.outcomes: %d outcomes, but %s has %d", len(got.outcomes), firstName, len(want.outcomes)))
	} else {
		for i := range want.outcomes {
			if got.outcomes[i] != want.outcomes[i] {
				diff(fmt.Sprintf("outcomes[%d]", i), want.outcomes[i].ID+" "+want.outcomes[i].Label, got.outcomes[i].ID+" "+got.outcomes[i].Label)
			}
		}
	}
	if len(got.parties) != len(want.parties) {
		errs = append(errs, fmt.Errorf("state.layout.parties: %d parties, but %s has %d", len(got.parties), firstName, len(want.parties)))
	} else {
		for i := range want.parties {
			if got.parties[i] != want.parties[i] {
				diff(fmt.Sprintf("parties[%d]", i), want.parties[i].ID+" "+want.parties[i].Name, got.parties[i].ID+" "+got.parties[i].Name)
			}
		}
	}
	if !slices.Equal(got.metrics, want.metrics) {
		errs = append(errs, fmt.Errorf("state.layout.metrics: %q, but %s has %q", got.metrics, firstName, want.metrics))
	}
	if len(got.tallies) != len(want.tallies) {
		errs = append(errs, fmt.Errorf("state.layout.tallies: %d tallies, but %s has %d", len(got.tallies), firstName, len(want.tallies)))
	} else {
		for i, w := range want.tallies {
			g := got.tallies[i]
			if g.Name != w.Name || g.Title != w.Title || g.Column != w.Column || g.Multi != w.Multi {
				diff(fmt.Sprintf("tallies[%d]", i), w.Name+" "+w.Title, g.Name+" "+g.Title)
			} else if !slices.Equal(g.Labels, w.Labels) {
				errs = append(errs, fmt.Errorf("state.layout.tallies[%d].labels: %q, but %s has %q", i, g.Labels, firstName, w.Labels))
			}
		}
	}
	return errs
}
