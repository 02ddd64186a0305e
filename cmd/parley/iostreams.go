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
	width                int  // stdout's width in columns when it is a terminal, else 0

	// terminal, when set (by tests), stands for a terminal of that many
	// columns on stdout instead of what detectTerminals would find.
	terminal int
}

// detectTerminals records whether Out and ErrOut are terminals: a table
// format and progress bars are for people, plain text for pipes; and how
// wide stdout's terminal is, which tables are fitted to.
func (s *iostreams) detectTerminals() {
	s.stdoutTTY, s.stderrTTY = isTerminal(s.Out), isTerminal(s.ErrOut)
	if s.stdoutTTY {
		s.width = terminalWidth(s.Out)
	}
	if s.terminal > 0 {
		s.stdoutTTY, s.width = true, s.terminal
	}
}

// terminalWidth is the width of the terminal w writes to; 80 when it
// cannot be read.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}

// tableWidth is the width reports are fitted to when written to path:
// the terminal's for standard output on a terminal, else 0 (no limit:
// files and pipes get full tables).
func (s *iostreams) tableWidth(path string) int {
	if path != "" && path != "-" {
		return 0
	}
	return s.width
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
