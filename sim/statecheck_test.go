package sim

import (
	"context"
	"math"
	"testing"

	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
)

// TestShardWorlds: the worlds of each shard as Run splits them, without
// overflow for counts and sizes read from a file.
func TestShardWorlds(t *testing.T) {
	const n = 3000 // 3 chunks: 1024, 1024, 952
	for _, tt := range []struct {
		sh   Shard
		want int64
	}{{Shard{0, 1}, 3000}, {Shard{0, 2}, 1024}, {Shard{1, 2}, 1976}, {Shard{0, 3}, 1024}, {Shard{2, 3}, 952},
		{Shard{0, 4}, 0}, {Shard{3, 4}, 952}, {Shard{999_999_999_999, 1_000_000_000_000}, 952}, {Shard{5, 1_000_000_000_000}, 0}} {
		if got := ShardWorlds(n, tt.sh); got != tt.want {
			t.Errorf("shard %d/%d of %d: %d worlds, want %d", tt.sh.Index+1, tt.sh.Count, n, got, tt.want)
		}
	}
	if got := ShardWorlds(math.MaxInt64, Shard{1, 2}); got <= 0 || got > math.MaxInt64/2+ChunkSize {
		t.Errorf("half of MaxInt64 worlds: %d", got)
	}
	var total int64
	for k := range 7 {
		r, err := Run(context.Background(), shardScenario(t), Options{Iterations: 10000, Shard: Shard{k, 7}, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if w := ShardWorlds(10000, Shard{k, 7}); r.Iterations != w {
			t.Errorf("shard %d/7: Run solved %d worlds, ShardWorlds says %d", k+1, r.Iterations, w)
		}
		total += r.Iterations
	}
	if total != 10000 {
		t.Errorf("shards cover %d of 10000 worlds", total)
	}
}

// shardScenario has two uncertain inputs and one outcome: enough worlds
// differ that every shard's sketches hold different values.
func shardScenario(t *testing.T) *Scenario {
	t.Helper()
	s, err := Compile(&Spec{
		ID: "shards", Parties: []PartySpec{{ID: "p"}}, Outcomes: []OutcomeSpec{{ID: "o"}},
		Params: []ParamSpec{{Name: "a", Dist: DistSpec{Kind: "uniform", Args: []float64{0, 1}}}, {Name: "b", Dist: DistSpec{Kind: "normal", Args: []float64{0, 1}}}},
		Model:  ModelSpec{Tree: &tree.NodeSpec{Outcome: "o", Payoff: []model.PayoffSpec{{Party: "p", Expr: "a * b"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
