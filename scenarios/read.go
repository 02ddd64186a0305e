package scenarios

import (
	"fmt"
	"io"
	"os"
)

// MaxScenarioSize bounds a scenario file. A scenario is text written by
// hand, far below it; the limit stops a device such as /dev/zero, or a
// wrong file, from being read until memory runs out.
const MaxScenarioSize = 8 << 20

// ReadFile reads the file name, refusing one larger than limit bytes with
// an error that names the limit; what names the kind of file, as in
// "scenario files". It reads at most limit+1 bytes, whatever the file is.
func ReadFile(name string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadLimited(name, f, limit, what)
}

// ReadLimited reads r to its end as ReadFile does.
func ReadLimited(name string, r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err // a *fs.PathError, which names the file
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Name: name, Limit: limit, What: what}
	}
	return data, nil
}

// A TooLargeError is a file beyond its size limit.
type TooLargeError struct {
	Name  string
	Limit int64
	What  string // such as "scenario files"
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than the %s limit for %s", e.Name, sizeWords(e.Limit), e.What)
}

// sizeWords writes a limit in MiB, or bytes below one.
func sizeWords(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d-byte", n)
}
