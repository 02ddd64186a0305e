package scenarios_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// endless yields the same byte forever, as /dev/zero does.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestReadLimitedStopsAtTheLimit(t *testing.T) {
	_, err := scenarios.ReadLimited("zero", endless(0), 1000, "scenario files")
	var big *scenarios.TooLargeError
	if !errors.As(err, &big) || err.Error() != "zero: larger than the 1000-byte limit for scenario files" {
		t.Fatalf("got %v, want a TooLargeError naming the limit", err)
	}
	data, err := scenarios.ReadLimited("small", io.LimitReader(endless('a'), 1000), 1000, "scenario files")
	if err != nil || len(data) != 1000 {
		t.Fatalf("a file of exactly the limit: got %d bytes, %v", len(data), err)
	}
}

func TestLoadRefusesAnEndlessFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	_, err := scenarios.Load("/dev/zero", scenarios.Options{})
	if err == nil || err.Error() != "/dev/zero: larger than the 8 MiB limit for scenario files" {
		t.Fatalf("got %v, want the 8 MiB limit", err)
	}
}

var _ = strings.Repeat
