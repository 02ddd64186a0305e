package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// atomicFile is an output file written to a temporary file beside it and
// renamed into place only when complete: an interrupted or failed command
// never leaves a half-written or clobbered file. A path that exists and is
// not a regular file (/dev/null, a named pipe, /dev/stdout) is written
// directly: renaming over it would replace the device.
type atomicFile struct {
	*os.File
	path   string
	done   bool
	direct bool
}

func createAtomic(path string) (*atomicFile, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("create output: %s is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("create output: %w", err)
		}
		return &atomicFile{File: f, path: path, direct: true}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("create output: %w", err)
	}
	return &atomicFile{File: f, path: path}, nil
}

// Commit closes the file and renames it into place.
func (a *atomicFile) Commit() error {
	a.done = true
	if a.direct {
		return a.File.Close()
	}
	if err := a.File.Close(); err != nil {
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(a.File.Name(), a.path); err != nil {
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Abort removes the temporary file unless Commit ran; safe to defer.
func (a *atomicFile) Abort() {
	if !a.done {
		a.File.Close()
		if !a.direct {
			os.Remove(a.File.Name())
		}
	}
}

// writeOutput renders with render into path atomically, or to w when path
// is empty or "-".
func writeOutput(w io.Writer, path string, render func(io.Writer) error) error {
	if path == "" || path == "-" {
		var buf bytes.Buffer // render fully first: no half table on error
		if err := render(&buf); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := render(f); err != nil {
		return err
	}
	return f.Commit()
}
