package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
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

// wideEFG writes a .efg in which chance picks one of k situations and each
// player moves once in each without seeing the other: 2^k reduced
// strategies each.
func wideEFG(t *testing.T, k int) string {
	var sb strings.Builder
	sb.WriteString("EFG 2 R \"wide\" { \"1\" \"2\" }\nc \"\" 1 \"\" {")
	for i := range k {
		fmt.Fprintf(&sb, " \"c%d\" 1/%d", i, k)
	}
	sb.WriteString(" } 0\n")
	for i := range k {
		fmt.Fprintf(&sb, "p \"\" 1 %d \"a%d\" { \"L\" \"R\" } 0\n", i+1, i)
		for a := range 2 {
			if a == 0 {
				fmt.Fprintf(&sb, "p \"\" 2 %d \"b%d\" { \"l\" \"r\" } 0\n", i+1, i)
			} else {
				fmt.Fprintf(&sb, "p \"\" 2 %d 0\n", i+1)
			}
			sb.WriteString("t \"\" 0\nt \"\" 0\n")
		}
	}
	path := filepath.Join(t.TempDir(), "wide.efg")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLargeEFGRefused: a 2^12 × 2^12 reduced form (16,777,216 profiles,
// from a 2 KB file) is refused by solve and convert, naming size and limit.
func TestLargeEFGRefused(t *testing.T) {
	isolateConfig(t)
	path := wideEFG(t, 12)
	for _, args := range [][]string{{"solve", path}, {"convert", path}} {
		_, stderr, code := parley(t, args...)
		if code != 2 || !strings.Contains(stderr, "16777216 strategy profiles") || !strings.Contains(stderr, "the limit is 1000000 profiles") {
			t.Errorf("%s: exit %d, %s", args[0], code, stderr)
		}
	}
	if out, stderr, code := parley(t, "solve", wideEFG(t, 3), "--method", "enumpure"); code != 0 || !strings.Contains(out, "64 found") {
		t.Errorf("small wide game: exit %d, %s%s", code, out, stderr)
	}
}

// TestSolveInterrupted: enummixed on a 30×30 game cannot finish before the
// context is found cancelled; solve prints what it has, marked incomplete
// in text and JSON, and exits 1, after warning that the game is large;
// lcp stops the same way.
func TestSolveInterrupted(t *testing.T) {
	isolateConfig(t)
	var sb strings.Builder
	sb.WriteString("NFG 1 R \"random\" { \"1\" \"2\" } { 30 30 }\n")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2 * 30 * 30 {
		fmt.Fprintf(&sb, "%d ", rng.IntN(100))
	}
	path := filepath.Join(t.TempDir(), "r30.nfg")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, format := range []string{"plain", "json", "lcp"} {
		args := []string{"solve", path, "-f", format}
		if format == "lcp" {
			// Lemke–Howson paths stop the same way.
			args = []string{"solve", path, "--method", "lcp", "-f", "plain"}
			format = "plain"
		}
		var out, errb bytes.Buffer
		code := execute(ctx, args, &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", format, code)
		}
		const marker = "interrupted: 0 equilibria found so far; the list may be incomplete"
		if !strings.Contains(errb.String(), "parley: "+marker) || (args[2] != "--method") != strings.Contains(errb.String(), "--method lcp") {
			t.Errorf("%s: stderr %s", format, errb.String())
		}
		if format == "plain" {
			if !strings.Contains(out.String(), marker) {
				t.Errorf("plain output lacks the marker:\n%s", out.String())
			}
			continue
		}
		var doc struct {
			Complete   *bool
			Incomplete string
			Equilibria []any
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Complete == nil || *doc.Complete || doc.Incomplete != marker || doc.Equilibria == nil {
			t.Errorf("json: complete %v, incomplete %q, equilibria %v", doc.Complete, doc.Incomplete, doc.Equilibria)
		}
	}
	anchors := filepath.Join(gambitAnchors(t), "games")
	out, _, code := parley(t, "solve", filepath.Join(anchors, "2x2.nfg"), "-f", "json")
	if code != 0 || !strings.Contains(out, `"complete": true`) {
		t.Errorf("a finished solve: exit %d, %s", code, out)
	}
}

// TestSolveLogitSaysHowItGotThere: when the logit trace cannot finish (a
// symmetric 7×7 game with payoffs 0–9 bifurcates near λ = 1388) solve says
// which method produced the answer, in text and JSON.
func TestSolveLogitSaysHowItGotThere(t *testing.T) {
	isolateConfig(t)
	rng := rand.New(rand.NewPCG(873, 7))
	g := game.NewStrategic(7, 7)
	for i := range g.Payoffs() {
		g.Payoffs()[i] = float64(rng.IntN(10))
	}
	for i := range 7 {
		for j := range 7 {
			g.SetPayoff([]int{i, j}, 1, g.Payoff([]int{j, i}, 0))
		}
	}
	var sb strings.Builder
	if err := gambit.WriteNFG(&sb, g); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sym7.nfg")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := parley(t, "solve", path, "--method", "logit", "-f", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var doc struct {
		Method, Note string
		SolvedBy     string `json:"solved_by"`
		Complete     bool
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Method != "logit" || doc.SolvedBy != game.MethodLogitStopped || !strings.Contains(doc.Note, "step size underflow") || !doc.Complete {
		t.Errorf("json: %+v", doc)
	}
	out, _, _ = parley(t, "solve", path, "--method", "logit", "-f", "plain")
	if !strings.Contains(out, "logit → fallback: "+game.MethodLogitStopped) || !strings.Contains(out, "its last point was refined") {
		t.Errorf("plain:\n%s", out)
	}
}

// The note of a search cut short names why, from the error's type.
func TestIncompleteNote(t *testing.T) {
	limit := fmt.Errorf("game: enummixed: %w: %w", game.ErrIncomplete, &game.BasesLimitError{Held: 4194305, Limit: 4194304})
	if got, want := incompleteNote(2, limit), "stopped (the search holds 4194305 bases, past its limit of 4194304; "+
		"--method lcp follows Lemke–Howson paths instead): 2 equilibria found so far; the list may be incomplete"; got != want {
		t.Errorf("bound:\n got %s\nwant %s", got, want)
	}
	cancel := fmt.Errorf("game: lcp: %w: %w", game.ErrIncomplete, context.Canceled)
	if got, want := incompleteNote(1, cancel), "interrupted: 1 equilibrium found so far; the list may be incomplete"; got != want {
		t.Errorf("cancelled:\n got %s\nwant %s", got, want)
	}
}
