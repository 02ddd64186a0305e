package main

import (
	"strings"
	"testing"
)

// TestFormArticle checks the article before a model form's name: "is an
// issues model", never "is a issues model".
func TestFormArticle(t *testing.T) {
	isolateConfig(t)
	_, stderr, code := parley(t, "solve", "istanbul-2025-issues")
	if code != 2 || !strings.Contains(stderr, "is an issues model") {
		t.Errorf("exit %d, stderr %q: want exit 2 and \"is an issues model\"", code, stderr)
	}
}
