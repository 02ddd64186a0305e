package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestSobolRefusesWhatItCannotHold: -n 1e8 used to grow to gigabytes; it
// is refused up front with the figure and the largest -n that fits.
func TestSobolRefusesWhatItCannotHold(t *testing.T) {
	isolateConfig(t)
	out, stderr, code := parley(t, "sensitivity", flagship, "--method", "sobol", "-n", "100000000")
	if code != 2 || out != "" {
		t.Errorf("exit %d, output %q; want 2 and nothing", code, out)
	}
	for _, w := range []string{"sobol with -n 100000000 and 12 uncertain parameters needs about 11.2 GB", "the limit is 1.0 GB", "use -n 8928571 or less"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	// One base sample more than it names is refused too.
	if _, stderr, code := parley(t, "sensitivity", flagship, "--method", "sobol", "-n", "8928572"); code != 2 || !strings.Contains(stderr, "use -n 8928571") {
		t.Errorf("one more base sample: exit %d: %s", code, stderr)
	}
}

// TestSobolCanceledExitsOne: a cancelled Sobol run is a runtime stop
// (exit 1), not a usage error (exit 2) as before.
func TestSobolCanceledExitsOne(t *testing.T) {
	isolateConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := execute(ctx, []string{"sensitivity", flagship, "--method", "sobol", "-n", "2000"}, &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	if code != 1 || !strings.Contains(errb.String(), "canceled") {
		t.Errorf("exit %d, stderr %q; want 1 and canceled", code, errb.String())
	}
}
