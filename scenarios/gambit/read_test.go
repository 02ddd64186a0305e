package gambit_test

import (
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/gambit"
)

// zeros yields zero bytes forever, as /dev/zero does.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestReadersStopAtTheSizeLimit(t *testing.T) {
	want := "gambit: zero.nfg: larger than the 64 MiB limit for Gambit files"
	if _, err := gambit.ReadNFG("zero.nfg", zeros{}); err == nil || err.Error() != want {
		t.Errorf("ReadNFG: got %v, want %q", err, want)
	}
	if _, err := gambit.ReadEFG("zero.efg", zeros{}); err == nil || !strings.Contains(err.Error(), "larger than the 64 MiB limit") {
		t.Errorf("ReadEFG: got %v, want the size limit", err)
	}
}
