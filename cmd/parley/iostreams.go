package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// iostreams are a command's input and outputs, as in the GitHub CLI:
// injected so that tests capture them, and no command touches os.Stdout
// or os.Stderr (only main does).
type iostreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY, stderrTTY bool // set by detectTerminals
}

// detectTerminals records whether Out and ErrOut are terminals: a table
// format and progress bars are for people, plain text for pipes.
func (s *iostreams) detectTerminals() {
	s.stdoutTTY, s.stderrTTY = isTerminal(s.Out), isTerminal(s.ErrOut)
}

// IsStdoutTTY reports whether standard output is a terminal.
func (s *iostreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *iostreams) IsStderrTTY() bool { return s.stderrTTY }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// checkedWriter remembers the first error writing to the command's
// standard output, so that `parley validate > /dev/full` exits 1 however
// the command wrote.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		c.err = fmt.Errorf("write standard output: %w", pathless(err))
	}
	return n, c.err
}
