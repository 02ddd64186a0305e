package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docScenarios returns the complete scenarios (YAML blocks with a
// scenario: key) in a Markdown file, by id.
func docScenarios(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	id := regexp.MustCompile(`(?m)^scenario: (\S+)$`)
	for _, block := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		if m := id.FindStringSubmatch(block[1]); m != nil {
			out[m[1]] = block[1]
		}
	}
	return out
}

// TestMatrixDocExamples writes the matrix scenarios of
// docs/scenario-format.md to files, as a reader would, and checks that
// they load and give the answers the text derives by hand.
func TestMatrixDocExamples(t *testing.T) {
	isolateConfig(t)
	docs := docScenarios(t, "../../docs/scenario-format.md")
	dir := t.TempDir()
	file := func(id string) string {
		src, ok := docs[id]
		if !ok {
			t.Fatalf("docs/scenario-format.md has no scenario %q (have %d scenarios)", id, len(docs))
		}
		p := filepath.Join(dir, id+".yaml")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		id   string
		args []string
		want map[string]float64 // P(outcome)
	}{
		{"alliance", nil, map[string]float64{"joint": 0.9375, "neither": 0.0625, "alone": 0}},
		{"alliance", []string{"--set", "model.matrix.selection=payoff-dominant"}, map[string]float64{"joint": 1, "neither": 0, "alone": 0}},
		{"volunteer", nil, map[string]float64{"helped": 1, "nobody": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.id+strings.Join(tt.args, ""), func(t *testing.T) {
			p := file(tt.id)
			if _, stderr, code := parley(t, "validate", p); code != 0 {
				t.Fatalf("validate: exit %d: %s", code, stderr)
			}
			out, stderr, code := parley(t, append([]string{"run", p, "-n", "4000", "-f", "json"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("run: exit %d: %s", code, stderr)
			}
			var doc struct {
				Iterations int64
				Outcomes   []struct {
					ID          string
					Count       int64
					Probability float64
				}
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			for _, o := range doc.Outcomes {
				want := tt.want[o.ID]
				// 99.9% normal band around the stated probability.
				band := 3.29*math.Sqrt(want*(1-want)/float64(doc.Iterations)) + 1e-12
				if math.Abs(o.Probability-want) > band {
					t.Errorf("P(%s) = %v, the docs say %v (±%.4f)", o.ID, o.Probability, want, band)
				}
			}
		})
	}
	// The three-player game: each equilibrium (one volunteer) a third of the time.
	out, _, _ := parley(t, "run", file("volunteer"), "-n", "3000", "-f", "json")
	var doc struct {
		Tallies []struct {
			Name string
			Rows []struct {
				Label       string
				Probability float64
			}
		}
	}
	json.Unmarshal([]byte(out), &doc)
	for _, tl := range doc.Tallies {
		if tl.Name != "profiles" {
			continue
		}
		for _, r := range tl.Rows {
			want := 0.0
			if strings.Count(r.Label, "=volunteer") == 1 {
				want = 1.0 / 3
			}
			if math.Abs(r.Probability-want) > 0.03 {
				t.Errorf("profile %s played with probability %v, want %v", r.Label, r.Probability, want)
			}
		}
	}
}

// TestReadmeSaysWhatNewUsersNeed checks two things the README must tell
// a first-time user: that the first go run takes minutes, next to the
// first command, and which world solve and explain use.
func TestReadmeSaysWhatNewUsersNeed(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	first := strings.Index(readme, "go run ./cmd/parley")
	if first < 0 {
		t.Fatal("README has no go run command")
	}
	near := readme[first:min(len(readme), first+800)]
	if !strings.Contains(near, "first `go run`") || !strings.Contains(near, "minutes") {
		t.Errorf("the README does not say, next to its first go run, that the first run takes minutes:\n%s", near)
	}
	for _, cmd := range []string{"`parley solve FILE", "`parley explain FILE"} {
		i := strings.Index(readme, cmd)
		if i < 0 {
			t.Errorf("README has no %s", cmd)
			continue
		}
		line := readme[i:]
		line = line[:strings.IndexByte(line, '\n')]
		if !strings.Contains(line, "median world") {
			t.Errorf("the README's line for %s does not say which world it uses:\n%s", cmd, line)
		}
	}
}
