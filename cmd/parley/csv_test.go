package main

import (
	"encoding/csv"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// csvCommands are the commands whose reports have a CSV form: every table
// kind, in one file and one table at a time.
var csvCommands = [][]string{
	{"run", flagship, "-n", "2000"},
	{"run", flagship, "-n", "2000", "--table", "paths"},
	{"run", "istanbul-2025-issues", "-n", "500"},
	{"run", "chicken", "-n", "500"},
	{"compare", flagship, "-n", "2000"},
	{"attribute", flagship, "--factors", "no_drone_deal,no_india", "--outcome", "collapse", "-n", "2000"},
	{"sensitivity", flagship, "--outcome", "collapse", "-n", "2000"},
	{"sensitivity", flagship, "--method", "sobol", "--outcome", "collapse", "-n", "200", "--bootstrap", "20"},
	{"sweep", flagship, "--param", "breach_cost=0:10:3", "-n", "1000"},
	{"solve", "chicken"},
}

// TestCSVLoadsAsOneTable checks that every CSV report is one table that
// pandas.read_csv and R's read.csv read with no options: the first line
// is the header (never a comment), its names are distinct, and every row
// has as many fields. When python3 is installed, its csv.DictReader reads
// the file too, as the acceptance test does.
func TestCSVLoadsAsOneTable(t *testing.T) {
	isolateConfig(t)
	python, _ := exec.LookPath("python3")
	if python == "" {
		t.Log("python3 not found: checking the CSV in Go only")
	}
	dir := t.TempDir()
	want := map[string][2]int{} // file → columns, rows
	for i, args := range csvCommands {
		t.Run(fmt.Sprintf("%d_%s", i, args[0]), func(t *testing.T) {
			file := filepath.Join(dir, "out"+strings.Repeat("_", i)+".csv")
			_, stderr, code := parley(t, append(slices.Clone(args), "-f", "csv", "-o", file)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(string(data), "#") {
				t.Fatalf("the file starts with a comment:\n%s", firstLine(data))
			}
			r := csv.NewReader(strings.NewReader(string(data)))
			records, err := r.ReadAll() // FieldsPerRecord 0: every row as long as the header
			if err != nil {
				t.Fatalf("not one CSV table: %v", err)
			}
			if len(records) < 2 {
				t.Fatalf("%d lines, want a header and rows", len(records))
			}
			header := records[0]
			for j, h := range header {
				if h == "" || slices.Index(header, h) != j {
					t.Errorf("header %q: column %d (%q) is empty or named twice", header, j, h)
				}
			}
			if header[len(header)-1] != "provenance" || !strings.HasPrefix(records[1][len(header)-1], "scenario ") && args[0] != "solve" {
				t.Errorf("no provenance column last: header %q, first row %q", header, records[1])
			}
			want[file] = [2]int{len(header), len(records) - 1}
		})
	}
	if python != "" && len(want) > 0 {
		checkWithPython(t, python, want)
	}
}

// checkWithPython reads each file with csv.DictReader (one python3, which
// is slow to start) and checks it sees the header's columns and every
// row, with no field left over or missing.
func checkWithPython(t *testing.T, python string, want map[string][2]int) {
	t.Helper()
	const script = `import csv, sys
for f in sys.argv[1:]:
    rows = list(csv.DictReader(open(f, newline="")))
    bad = [r for r in rows if None in r or None in r.values()]
    print(f, len(rows[0]) if rows else 0, len(rows), len(bad))`
	files := slices.Sorted(maps.Keys(want))
	out, err := exec.Command(python, append([]string{"-c", script}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python3 csv.DictReader: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(files) {
		t.Fatalf("python3 csv.DictReader printed %q, want a line per file", out)
	}
	for i, line := range lines {
		var f string
		var c, n, bad int
		if _, err := fmt.Sscan(line, &f, &c, &n, &bad); err != nil || f != files[i] || c != want[f][0] || n != want[f][1] || bad != 0 {
			t.Errorf("python3 csv.DictReader read %q: want %d columns, %d rows, 0 ragged rows", line, want[f][0], want[f][1])
		}
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}
