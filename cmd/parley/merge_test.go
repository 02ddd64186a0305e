package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-dev/parley/reports"
)

// shards writes the two shards of a small run and returns their paths.
func shards(t *testing.T, dir string) [2]string {
	t.Helper()
	var p [2]string
	for k := range 2 {
		p[k] = filepath.Join(dir, "shard"+itoa(k+1)+".json")
		if _, stderr, code := parley(t, "run", flagship, "-n", "3000", "--seed", "7", "--shard", itoa(k+1)+"/2", "-f", "json", "-o", p[k]); code != 0 {
			t.Fatal(stderr)
		}
	}
	return p
}

// reseal recomputes a shard's checksum as parley writes it
// (docs/json-schema.md), so that a test can reach the checks behind it.
func reseal(doc *reports.RunJSON) {
	c := *doc
	c.Checksum = ""
	b, _ := json.Marshal(&c)
	sum := sha256.Sum256(b)
	doc.Checksum = "sha256:" + hex.EncodeToString(sum[:])
}

// TestMergeRefusesCorruptShards edits the second of two shards in each way
// the issue lists and checks that merge refuses it (exit 2) naming the
// file and the field, instead of panicking or merging wrong numbers.
// Edits are resealed (a valid checksum) unless the row is about the
// checksum, so each reaches the check it is about.
func TestMergeRefusesCorruptShards(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	p := shards(t, dir)
	orig, err := os.ReadFile(p[1])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		edit   func(d *reports.RunJSON)
		raw    func(b []byte) []byte // instead of edit: change the bytes
		unseal bool                  // keep the old checksum
		want   []string
	}{
		{name: "index 0", edit: func(d *reports.RunJSON) { d.Shard.Index = 0 }, want: []string{"shard2.json: shard.index: 0"}},
		{name: "index beyond count", edit: func(d *reports.RunJSON) { d.Shard.Index = 3 }, want: []string{"shard2.json: shard.index: 3"}},
		{name: "negative count", edit: func(d *reports.RunJSON) { d.Shard.Count = -2 }, want: []string{"shard2.json: shard.count: -2"}},
		{name: "count 1e12", edit: func(d *reports.RunJSON) { d.Shard.Count = 1_000_000_000_000 }, want: []string{"shard2.json: state.n: 1976 worlds, but shard 2/1000000000000"}},
		{name: "count 1e12 in every shard", edit: func(d *reports.RunJSON) { d.Shard.Count, d.Shard.Index = 1_000_000_000_000, 1_000_000_000_000 }, want: []string{"shard2.json: state.n"}},
		{name: "party removed", edit: func(d *reports.RunJSON) { d.State.Layout.Parties = d.State.Layout.Parties[:2] },
			want: []string{"shard2.json: state.sum: 3 sums for 2 parties", "shard2.json: state.sketches: 3 sketches for 2"}},
		{name: "huge sketch offset", edit: func(d *reports.RunJSON) { d.State.Sketches[2].PosOff = 1 << 40 }, want: []string{"shard2.json: state.sketches[2].pos_offset"}},
		{name: "bucket value outside its bucket", edit: func(d *reports.RunJSON) { d.State.Sketches[2].Pos[0].Max *= 2 }, want: []string{"shard2.json: state.sketches[2].pos[0]: min"}},
		{name: "sketch holds another count", edit: func(d *reports.RunJSON) { d.State.Sketches[0].Zero.N++ }, want: []string{"shard2.json: state.sketches[0]: the buckets hold"}},
		{name: "outcomes do not sum to n", edit: func(d *reports.RunJSON) { d.State.Outcomes[1] += 500 }, want: []string{"shard2.json: state.outcomes: the counts sum to 2476, but the shard has 1976"}},
		{name: "negative n", edit: func(d *reports.RunJSON) { d.State.N, d.Iterations = -1976, -1976 }, want: []string{"shard2.json: state.n: -1976 worlds"}},
		{name: "n not the shard's range", edit: func(d *reports.RunJSON) { d.State.N, d.Iterations = 1000, 1000 }, want: []string{"shard2.json: state.n: 1000 worlds, but shard 2/2 of 3000 worlds holds 1976"}},
		{name: "path tally above n", edit: func(d *reports.RunJSON) { d.State.Tallies[0][0] = 5000 }, want: []string{"shard2.json: state.tallies[0][0]: 5000 exceeds the shard's 1976 worlds"}},
		{name: "paths sum above n", edit: func(d *reports.RunJSON) { d.State.Tallies[0][1] += 1900 }, want: []string{"shard2.json: state.tallies[0]: the rows count a world at most once"}},
		{name: "ties above worlds", edit: func(d *reports.RunJSON) { d.State.Ties = 1977 }, want: []string{"shard2.json: state.ties: 1977 exceeds"}},
		{name: "infinite sum", edit: func(d *reports.RunJSON) { d.State.Sum[0] = "+Inf" }, want: []string{"shard2.json: state.sum[0]: +Inf: sums must be finite"}},
		{name: "sum not a number", edit: func(d *reports.RunJSON) { d.State.SumSq[1] = "lots" }, want: []string{`shard2.json: state.sumsq[1]: "lots" is not a number`}},
		{name: "renamed outcome", edit: func(d *reports.RunJSON) {
			d.State.Layout.Outcomes[1].ID = "renamed"
			d.Outcomes[1].ID = "renamed"
		}, want: []string{"shard2.json: state.layout.outcomes[1]", "shard1.json has"}},
		{name: "iterations disagree with the state", edit: func(d *reports.RunJSON) { d.Iterations = 5 }, want: []string{"shard2.json: iterations: 5, but state.n is 1976"}},
		{name: "checksum mismatch", edit: func(d *reports.RunJSON) { d.State.Outcomes[0]++; d.State.Outcomes[1]-- }, unseal: true,
			want: []string{"shard2.json: checksum:", "edited or corrupted"}},
		{name: "checksum missing", edit: func(d *reports.RunJSON) { d.Checksum = "" }, unseal: true, want: []string{"shard2.json: checksum: missing"}},
		{name: "trailing junk", raw: func(b []byte) []byte { return append(b, "garbage\n"...) }, want: []string{"shard2.json: unexpected data after the json document"}},
		{name: "second document", raw: func(b []byte) []byte { return append(b, b...) }, want: []string{"shard2.json: unexpected data after the json document"}},
		{name: "unknown key", raw: func(b []byte) []byte { return bytes.Replace(b, []byte(`"ties":`), []byte(`"tie":0,"ties":`), 1) }, want: []string{"shard2.json: read run json", `unknown field "tie"`}},
		{name: "truncated", raw: func(b []byte) []byte { return b[:len(b)/2] }, want: []string{"shard2.json: read run json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b []byte
			if tt.raw != nil {
				b = tt.raw(slicesClone(orig))
			} else {
				var d reports.RunJSON
				if err := json.Unmarshal(orig, &d); err != nil {
					t.Fatal(err)
				}
				tt.edit(&d)
				if !tt.unseal {
					reseal(&d)
				}
				if b, err = json.Marshal(&d); err != nil {
					t.Fatal(err)
				}
			}
			bad := filepath.Join(dir, "shard2.json")
			if err := os.WriteFile(bad, b, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(bad, orig, 0o644)
			out, stderr, code := parley(t, "merge", p[0], bad)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			if out != "" {
				t.Errorf("printed a result:\n%s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	// The untouched shards still merge, and a resealed but unchanged one too.
	var d reports.RunJSON
	json.Unmarshal(orig, &d)
	reseal(&d)
	if d.Checksum == "" || !bytes.Contains(orig, []byte(d.Checksum)) {
		t.Errorf("the test's checksum %q is not the one parley wrote", d.Checksum)
	}
	if _, stderr, code := parley(t, "merge", p[0], p[1]); code != 0 {
		t.Errorf("valid shards: exit %d: %s", code, stderr)
	}
}

// TestMergeReportsEveryBadShard checks that all refused files are named
// at once, not only the first.
func TestMergeReportsEveryBadShard(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	p := shards(t, dir)
	for _, f := range p {
		b, _ := os.ReadFile(f)
		os.WriteFile(f, append(b, '!'), 0o644)
	}
	_, stderr, code := parley(t, "merge", p[0], p[1])
	if code != 2 || !strings.Contains(stderr, "shard1.json: unexpected data") || !strings.Contains(stderr, "shard2.json: unexpected data") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }
