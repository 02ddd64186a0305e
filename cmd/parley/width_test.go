package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// parleyOnTerminal runs the CLI as parley does, with standard output a
// terminal of the given width.
func parleyOnTerminal(t *testing.T, width int, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(context.Background(), args, &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb, terminal: width})
	return out.String(), errb.String(), code
}

// TestTablesFitTheTerminal runs the flagship's run, compare and
// sensitivity on an 80-column terminal: every line fits, and the output
// is the golden file's. A file (-o) still gets the full table.
func TestTablesFitTheTerminal(t *testing.T) {
	isolateConfig(t)
	tests := []struct {
		name string
		args []string
	}{
		{"run", []string{"run", flagship, "-n", "3000"}},
		{"compare", []string{"compare", flagship, "-n", "3000"}},
		{"sensitivity", []string{"sensitivity", flagship, "-n", "3000"}},
		{"attribute", []string{"attribute", flagship, "--factors", "no_drone_deal,no_india", "--outcome", "collapse", "-n", "3000"}},
		{"sobol", []string{"sensitivity", flagship, "--method", "sobol", "--outcome", "collapse", "-n", "300", "--bootstrap", "20"}},
		{"run-issues", []string{"run", "istanbul-2025-issues", "-n", "1000"}},
		{"run-matrix", []string{"run", "chicken", "-n", "1000"}},
		{"solve", []string{"solve", "chicken"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := parleyOnTerminal(t, 80, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(out, "┌") {
				t.Errorf("on a terminal the default format should be the box table:\n%s", out)
			}
			for i, line := range strings.Split(out, "\n") {
				if w := twwidth.Width(line); w > 80 {
					t.Errorf("line %d is %d columns wide:\n%s", i+1, w, line)
				}
			}
			checkGolden(t, filepath.Join("testdata", "width80-"+tt.name+".golden"), out)
		})
	}
}

// TestFilesGetFullTables checks that a report written to a file from a
// terminal session keeps every column at full width.
func TestFilesGetFullTables(t *testing.T) {
	isolateConfig(t)
	file := filepath.Join(t.TempDir(), "out.txt")
	if _, stderr, code := parleyOnTerminal(t, 80, "sensitivity", flagship, "-n", "2000", "-f", "table", "-o", file); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(file)
	widest := 0
	for _, line := range strings.Split(string(data), "\n") {
		widest = max(widest, twwidth.Width(line))
	}
	if widest <= 80 || strings.Contains(string(data), "Left out") {
		t.Errorf("the file's widest line is %d columns; want the full table, wider than 80", widest)
	}
}
