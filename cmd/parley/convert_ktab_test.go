package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertKTAB: parley convert on a KTAB file writes a spatial
// scenario that parley run accepts; a broken KTAB file is the user's
// error (exit 2) and names its line.
func TestConvertKTAB(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "budget.csv")
	src := "Budget,Three ministries,3,1,\nActor,Description,Power,Position,Salience,\nFIN,Finance,60,20,80,\nDEF,Defence,40,90,70,\nHLT,Health,30,60,50,\n"
	if err := os.WriteFile(csv, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(dir, "budget.yaml")
	if _, stderr, code := parley(t, "convert", csv, "-o", yaml); code != 0 {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	doc, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"spatial:", "method: smp", "capability: 60", "position: {position: 20}"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("converted scenario lacks %q:\n%s", want, doc)
		}
	}
	out, stderr, code := parley(t, "run", yaml, "-n", "2", "-f", "plain", "--table", "metrics")
	if code != 0 || !strings.Contains(out, "forecast.position") {
		t.Errorf("run of the converted scenario: exit %d\n%s%s", code, out, stderr)
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(src, "60,20,80", "60,twenty,80", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := parley(t, "convert", bad); code != 2 || !strings.Contains(stderr, "bad.csv:3:") {
		t.Errorf("broken KTAB file: exit %d, stderr %q; want 2 and bad.csv:3:", code, stderr)
	}
}
