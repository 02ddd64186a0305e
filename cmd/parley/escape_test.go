package main

import (
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
