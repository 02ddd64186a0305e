package spatial

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tallyDirect is tally summed voter by voter, as the replication does:
// O(n³), the oracle for the prefix-sum version.
func (w *BDMWorkspace) tallyDirect(span float64) (votes, against []float64, total float64) {
	n, x := len(w.x), w.x
	votes, against = make([]float64, n*n), make([]float64, n*n)
	for v := range n {
		for i := range n {
			for j := i + 1; j < n; j++ {
				ui := math.Pow(math.Abs(x[v]-x[i])/span, w.risk[v])
				uj := math.Pow(math.Abs(x[v]-x[j])/span, w.risk[v])
				pref := w.wt[v] * (uj - ui)
				if pref > 0 {
					votes[i*n+j] += pref
				} else {
					against[i*n+j] -= pref
				}
				total += 2 * math.Abs(pref)
			}
		}
	}
	return votes, against, total
}

// TestTallyPrefixSums: the O(n²) tally agrees with the voter-by-voter sum,
// with shared positions, zero weights and risk exponents from ½ to 2.
func TestTallyPrefixSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		n := 1 + rng.IntN(25)
		var w BDMWorkspace
		w.reserve(n, 1, 1)
		for i := range n {
			w.x[i] = float64(rng.IntN(11)) * 10
			if trial%2 == 1 {
				w.x[i] = 100 * rng.Float64()
			}
			w.wt[i] = float64(rng.IntN(3)) * rng.Float64()
			w.risk[i] = []float64{1, 0.5, 2, 0.5 + 1.5*rng.Float64()}[rng.IntN(4)]
		}
		const span = 100
		w.logTables(span)
		total := w.tally(span)
		votes, against, want := w.tallyDirect(span)
		if math.Abs(total-want) > 1e-12*max(1, want) {
			t.Fatalf("trial %d: total %v, want %v", trial, total, want)
		}
		for i := range n {
			for j := i + 1; j < n; j++ {
				k := i*n + j
				if math.Abs(w.votes[k]-votes[k]) > 1e-12*max(1, want) || math.Abs(w.against[k]-against[k]) > 1e-12*max(1, want) {
					t.Fatalf("trial %d, pair %d,%d (x %v, %v): %v/%v, want %v/%v",
						trial, i, j, w.x[i], w.x[j], w.votes[k], w.against[k], votes[k], against[k])
				}
			}
		}
	}
}
