package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestErrorsPrintedEscaped(t *testing.T) {
	isolateConfig(t)
	_, stderr, code := parley(t, "solve", "no-such\x1b[2J.nfg")
	if code == 0 || strings.Contains(stderr, "\x1b") || !strings.Contains(stderr, `no-such\x1b[2J.nfg`) {
		t.Errorf("exit %d, stderr %q: want the escape escaped", code, stderr)
	}
}

// TestValidatePrintsFileNamesEscaped: a file name is printed back by
// validate's "ok" line, so it is escaped like every other printed string.
func TestValidatePrintsFileNamesEscaped(t *testing.T) {
	isolateConfig(t)
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "ultimatum.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "u\x1b[2Jx.yaml")
	if err := os.WriteFile(f, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := parley(t, "validate", f)
	if code != 0 || strings.Contains(out, "\x1b") || !strings.Contains(out, `u\x1b[2Jx.yaml: ok`) {
		t.Errorf("exit %d, stdout %q, stderr %q: want the escape escaped", code, out, stderr)
	}
}
