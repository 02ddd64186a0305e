package suggest

import "testing"

func TestNearest(t *testing.T) {
	tests := []struct {
		name    string
		options []string
		want    string
	}{
		{"tennant", []string{"landlord", "tenant"}, "tenant"},
		{"seler", []string{"buyer", "seller"}, "seller"},
		{"braech", []string{"breach", "deal"}, "breach"}, // a transposition is one slip
		{"medium", []string{"low", "mid", "high"}, "mid"},
		{"signed", []string{"none", "partial"}, ""},
		{"istanbul", []string{"istanbul-2025", "ultimatum"}, "istanbul-2025"}, // a prefix
		// Two options at the same distance: the letters decide (urss holds
		// ussr's letters in another order), whatever the order listed.
		{"urss", []string{"us", "ussr"}, "ussr"},
		{"urss", []string{"ussr", "us"}, "ussr"},
		{"urss", []string{"us", "uk", "ussr", "china"}, "ussr"},
		// Same distance and letters: the longer shared prefix decides.
		{"tset", []string{"sett", "test"}, "test"},
	}
	for _, tt := range tests {
		if got := Nearest(tt.name, tt.options); got != tt.want {
			t.Errorf("Nearest(%q, %q) = %q, want %q", tt.name, tt.options, got, tt.want)
		}
	}
	if got := DidYouMean("rnet", []string{"rent"}); got != `; did you mean "rent"?` {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("xyz", []string{"rent"}); got != "" {
		t.Errorf("DidYouMean with nothing close = %q, want empty", got)
	}
}
