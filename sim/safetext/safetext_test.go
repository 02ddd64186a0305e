package safetext

import "testing"

func TestEscapeText(t *testing.T) {
	tests := []struct {
		in     string
		breaks bool
		want   string
	}{
		{"plain", false, "plain"},
		{"a\x1b[2Jb", false, `a\x1b[2Jb`},
		{"line\nnext\tcol", true, "line\nnext\tcol"},
		{"line\nnext", false, `line\nnext`},
		{"evil\u202etxt", false, `evil\u202etxt`},
		{"bad\xffbyte", false, `bad\xffbyte`},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.in, tt.breaks); got != tt.want {
			t.Errorf("EscapeText(%q, %v) = %q, want %q", tt.in, tt.breaks, got, tt.want)
		}
	}
	if r, at := BadRune("ab\rc", false); r != '\r' || at != 2 {
		t.Errorf("BadRune = %q at %d, want \\r at 2", r, at)
	}
	if got := RuneName(0x202e); got != "U+202E (right-to-left override)" {
		t.Errorf("RuneName = %q", got)
	}
}
