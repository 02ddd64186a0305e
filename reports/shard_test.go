package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// shardJSON runs shard k/count of a scenario and returns its JSON.
func shardJSON(t testing.TB, s *sim.Scenario, n int64, k, count int) []byte {
	t.Helper()
	r, err := sim.Run(context.Background(), s, sim.Options{Iterations: n, Seed: 3, Workers: 2, Shard: sim.Shard{Index: k, Count: count}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, RunDocument(r)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestShardsOfEveryBundledScenarioMerge checks that the shard checks
// accept what parley writes, for every bundled scenario (tree, issues and
// matrix models; metrics; multi-row tallies), and that the merge still
// equals the whole run.
func TestShardsOfEveryBundledScenarioMerge(t *testing.T) {
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range infos {
		t.Run(info.ID, func(t *testing.T) {
			s, err := scenarios.Load(info.ID, scenarios.Options{})
			if err != nil {
				t.Fatal(err)
			}
			const n = 2500
			names := []string{"a.json", "b.json", "c.json"}
			var parts []*sim.Result
			for k := range 3 {
				r, err := ReadShard(names[k], bytes.NewReader(shardJSON(t, s, n, k, 3)))
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, r)
			}
			merged, err := sim.MergeNamed(names, parts)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := sim.Run(context.Background(), s, sim.Options{Iterations: n, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			var a, b bytes.Buffer
			WriteJSON(&a, RunDocument(merged))
			WriteJSON(&b, RunDocument(whole))
			if a.String() != b.String() {
				t.Error("merged shards differ from the whole run")
			}
		})
	}
}

// FuzzMerge feeds arbitrary bytes as the second of two shards. Merge must
// never panic; and whatever it accepts must be a coherent result: outcome
// counts summing to the worlds, no tally above them, probabilities in
// [0, 1], finite payoff statistics. Each input is tried as it is (the
// checksum refuses nearly every edit) and resealed, so that the checks
// behind the checksum see the fuzzer's edits too.
func FuzzMerge(f *testing.F) {
	// Small shards (10 kB: payoffs with few distinct values keep the
	// sketches short) so that the fuzzer runs fast; logrolling has metrics
	// and a multi-row tally.
	s, err := scenarios.Load("logrolling", scenarios.Options{})
	if err != nil {
		f.Fatal(err)
	}
	other, err := scenarios.Load("entry-deterrence", scenarios.Options{})
	if err != nil {
		f.Fatal(err)
	}
	const n = 3000
	first := shardJSON(f, s, n, 0, 2)
	second := shardJSON(f, s, n, 1, 2)
	f.Add(second)
	f.Add(first)
	f.Add(second[:len(second)/2])
	f.Add(shardJSON(f, other, n, 1, 2))
	f.Add([]byte(`{"schema":"parley.run/v1","shard":{"index":0,"count":1000000000000},"state":{"n":-1}}`))
	one, err := ReadShard("shard1.json", bytes.NewReader(first))
	if err != nil {
		f.Fatal(err)
	}
	if two, err := ReadShard("shard2.json", bytes.NewReader(second)); err != nil {
		f.Fatal(err)
	} else if _, err := sim.MergeNamed([]string{"shard1.json", "shard2.json"}, []*sim.Result{one, two}); err != nil {
		f.Fatal(err) // the seed must reach a merge
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		try := func(b []byte) {
			r, err := ReadShard("shard2.json", bytes.NewReader(b))
			if err != nil {
				if r != nil {
					t.Fatal("a refused shard returned a result")
				}
				return
			}
			m, err := sim.MergeNamed([]string{"shard1.json", "shard2.json"}, []*sim.Result{one, r})
			if m == nil {
				return
			}
			_ = err // missing shards: a partial result, still coherent
			coherent(t, m)
		}
		try(data)
		var doc RunJSON
		if json.Unmarshal(data, &doc) != nil || doc.State == nil {
			return
		}
		doc.Checksum = shardChecksum(&doc)
		b, err := json.Marshal(&doc)
		if err != nil {
			return
		}
		try(b)
	})
}

func coherent(t *testing.T, m *sim.Result) {
	t.Helper()
	var total int64
	for _, o := range m.Outcomes {
		if o.Count < 0 || o.Count > m.Iterations || o.Probability < 0 || o.Probability > 1 {
			t.Fatalf("outcome %s: %d of %d worlds, P %v", o.ID, o.Count, m.Iterations, o.Probability)
		}
		total += o.Count
	}
	if total != m.Iterations {
		t.Fatalf("outcome counts sum to %d of %d worlds", total, m.Iterations)
	}
	for _, tl := range m.Tallies {
		var sum int64
		for _, row := range tl.Rows {
			if row.Count < 0 || row.Count > m.Iterations {
				t.Fatalf("tally %s row %q: %d of %d worlds", tl.Name, row.Label, row.Count, m.Iterations)
			}
			sum += row.Count
		}
		if !tl.Multi && sum > m.Iterations {
			t.Fatalf("tally %s counts %d of %d worlds", tl.Name, sum, m.Iterations)
		}
	}
	if m.TieWorlds < 0 || m.TieWorlds > m.Iterations {
		t.Fatalf("%d tie worlds of %d", m.TieWorlds, m.Iterations)
	}
	for _, p := range append(append([]sim.PayoffStat(nil), m.Payoffs...), m.Metrics...) {
		for _, x := range []float64{p.Mean, p.SD, p.P5, p.P50, p.P95, p.MeanLow, p.MeanHigh} {
			if m.Iterations > 0 && (math.IsNaN(x) || math.IsInf(x, 0)) {
				t.Fatalf("%s: non-finite statistic in %+v", p.Party, p)
			}
		}
		if m.Iterations > 0 && !(p.P5 <= p.P50 && p.P50 <= p.P95) {
			t.Fatalf("%s: quantiles out of order: %+v", p.Party, p)
		}
	}
	if err := WriteJSON(new(bytes.Buffer), RunDocument(m)); err != nil {
		t.Fatal(err)
	}
}
