package reports

import (
	"io"
	"strings"
	"testing"
)

// endless yields the same byte forever, as /dev/zero does.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestReadShardStopsAtItsLimit(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    io.Reader
	}{
		{"spaces forever", endless(' ')},
		{"a string forever", io.MultiReader(strings.NewReader(`{"schema": "`), endless('a'))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readShard("big.json", tc.r, 1<<16)
			if err == nil || !strings.Contains(err.Error(), "big.json: larger than the 65536-byte limit for shard files") {
				t.Fatalf("got %v, want the size limit named", err)
			}
		})
	}
	if _, _, err := readShard("small.json", strings.NewReader(`{"schema": "x"}`), 1<<16); err == nil || strings.Contains(err.Error(), "limit") {
		t.Errorf("a small file: got %v, want a schema error", err)
	}
}
