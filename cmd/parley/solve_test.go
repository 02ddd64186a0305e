package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSolveMatchesGambit(t *testing.T) {
	isolateConfig(t)
	anchors := filepath.Join(gambitAnchors(t), "games")
	tests := []struct {
		file, method, ref string
	}{
		{"2x2.nfg", "enummixed", "2x2.enummixed.txt"},
		{"2x2.nfg", "lcp", "2x2.lcp.txt"},
		{"6x6_game_with_75_eq.nfg", "enummixed", "6x6_game_with_75_eq.enummixed.txt"},
		{"8x8.nfg", "enumpure", "8x8.enumpure.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.method, func(t *testing.T) {
			out, stderr, code := parley(t, "solve", filepath.Join(anchors, tt.file), "--method", tt.method, "-f", "json")
			if code != 0 {
				t.Fatal(stderr)
			}
			var doc struct {
				Equilibria []struct {
					Exact [][]string
				}
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, e := range doc.Equilibria {
				var flat []string
				for _, p := range e.Exact {
					flat = append(flat, p...)
				}
				got["NE,"+strings.Join(flat, ",")] = true
			}
			ref, err := os.ReadFile(filepath.Join(anchors, tt.ref))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, l := range strings.Split(strings.TrimSpace(string(ref)), "\n") {
				if l != "" {
					want[l] = true
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%d equilibria, Gambit has %d", len(got), len(want))
			}
			for l := range want {
				if !got[l] {
					t.Errorf("missing Gambit's %s", l)
				}
			}
		})
	}
}

func TestConvertRoundTrip(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	nfg := filepath.Join(dir, "pd.nfg")
	if _, stderr, code := parley(t, "convert", "prisoners-dilemma", "-o", nfg); code != 0 {
		t.Fatal(stderr)
	}
	yml := filepath.Join(dir, "pd.yaml")
	if _, stderr, code := parley(t, "convert", nfg, "-o", yml); code != 0 {
		t.Fatal(stderr)
	}
	out, stderr, code := parley(t, "run", yml, "-n", "200", "-f", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var doc struct {
		Outcomes []struct {
			ID          string
			Probability float64
		}
	}
	json.Unmarshal([]byte(out), &doc)
	for _, o := range doc.Outcomes {
		want := 0.0
		if o.ID == "defect_defect" {
			want = 1
		}
		if o.Probability != want {
			t.Errorf("after the round trip, P(%s) = %v, want %v", o.ID, o.Probability, want)
		}
	}
	if _, stderr, code := parley(t, "solve", "istanbul-2025"); code != 2 || !strings.Contains(stderr, "only matrix models") {
		t.Errorf("solving a tree scenario: exit %d, %s", code, stderr)
	}
}
