package scenarios_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// centipede writes a tree of depth levels in flow style, each a take
// (an end) and a pass (the next level): every node's key path names all
// its ancestors, so paths kept per node cost memory growing with depth².
func centipede(depth int) []byte {
	var b strings.Builder
	b.WriteString("format: 1\nscenario: deep\nparties: {a: A}\noutcomes: {o: O}\nmodel:\n  tree: ")
	for range depth {
		b.WriteString("{move: a, choices: {take: {outcome: o, payoff: {a: 1}}, pass: ")
	}
	b.WriteString("{outcome: o, payoff: {a: 2}}")
	b.WriteString(strings.Repeat("}}", depth))
	b.WriteString("\n")
	return []byte(b.String())
}

// TestDeepTreeMemory measures the memory a loaded scenario holds (a
// count of bytes, not a time): it must stay within a multiple of the
// file's size, whatever the depth.
func TestDeepTreeMemory(t *testing.T) {
	data := centipede(199)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := scenarios.Parse("deep.yaml", data, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("file %d bytes, held %d bytes (%.0f×)", len(data), held, float64(held)/float64(len(data)))
	if limit := 100 * int64(len(data)); held > limit {
		t.Errorf("a tree of depth 200 in %d bytes holds %d bytes, want at most %d", len(data), held, limit)
	}
	runtime.KeepAlive(s)
}

func TestTreeDepthLimit(t *testing.T) {
	_, err := scenarios.Parse("deep.yaml", centipede(300), scenarios.Options{})
	if err == nil || !strings.Contains(err.Error(), "expected a game tree at most 200 levels deep, found a node deeper than that") {
		t.Fatalf("got %v, want the depth limit", err)
	}
	if n := strings.Count(err.Error(), "\n"); n != 0 {
		t.Errorf("got %d errors, want one:\n%v", n+1, err)
	}
}
