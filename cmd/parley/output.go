package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// atomicFile is an output file written to a temporary file beside its
// target and renamed into place only when complete and every write
// succeeded: a failed or interrupted command never leaves a half-written
// or clobbered file. A path that exists and is not a regular file
// (/dev/null, a named pipe, /dev/stdout) is written directly: renaming
// over it would replace the device. A symbolic link is written through:
// its target is replaced and the link stays a link.
type atomicFile struct {
	f      *os.File
	path   string // as the user gave it: every message names it
	target string // path with symbolic links followed: what is replaced
	done   bool
	direct bool
	err    error // the first write error; once set, every write fails
}

// openFlags opens the temporary file: O_EXCL so that it is never someone
// else's file, and mode 0666 so that the umask decides, as for any file
// a command creates.
const openFlags = os.O_WRONLY | os.O_CREATE | os.O_EXCL

func createAtomic(path string) (*atomicFile, error) {
	target, err := followLinks(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("create %s: it is a directory", path)
	case err == nil && !fi.Mode().IsRegular():
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, pathless(err))
		}
		return &atomicFile{f: f, path: path, target: target, direct: true}, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("create %s: %w", path, pathless(err))
	}
	dir, base := filepath.Split(target)
	var f *os.File
	for range 100 {
		tmp := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err = os.OpenFile(tmp, openFlags, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && target != path {
			return nil, fmt.Errorf("create %s: the link's target directory %s does not exist", path, filepath.Dir(target))
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("create %s: directory %s does not exist", path, filepath.Dir(path))
		}
		return nil, fmt.Errorf("create %s: %w", path, pathless(err))
	}
	a := &atomicFile{f: f, path: path, target: target}
	if fi != nil { // replacing a file: keep its permissions
		if err := f.Chmod(fi.Mode().Perm()); err != nil {
			a.Abort()
			return nil, fmt.Errorf("create %s: %w", path, pathless(err))
		}
	}
	return a, nil
}

// followLinks resolves symbolic links in path, including a link whose
// target does not exist yet (writing creates it).
func followLinks(path string) (string, error) {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p, nil
	}
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", pathless(err)
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", errors.New("too many levels of symbolic links")
}

// pathless drops the path from an *fs.PathError, whose path may be the
// hidden temporary file: the message names the user's path instead.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (a *atomicFile) Write(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	n, err := a.f.Write(p)
	if err != nil {
		a.err = fmt.Errorf("write %s: %w", a.path, pathless(err))
	}
	return n, a.err
}

// Commit makes the file durable and renames it into place. If any write
// failed, the old file stays and the first write error is returned.
func (a *atomicFile) Commit() error {
	if a.done {
		return nil
	}
	if a.err != nil {
		a.Abort()
		return a.err
	}
	a.done = true
	if a.direct {
		if err := a.f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", a.path, pathless(err))
		}
		return nil
	}
	tmp := a.f.Name()
	err := a.f.Sync() // a full disk may only say so here
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, a.target)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, pathless(err))
	}
	return nil
}

// Abort removes the temporary file unless Commit ran; safe to defer.
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	if !a.direct {
		os.Remove(a.f.Name())
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
		if f.err != nil {
			return f.err
		}
		return err
	}
	return f.Commit()
}

// namedPath is a file a command reads or writes, with how the user named
// it (a flag, or "the scenario").
type namedPath struct {
	role, path string
}

// checkOverwrite refuses outputs that are one of the inputs or another
// output: by file identity, so that a hard link, a symbolic link or
// another spelling of the same path is caught too. Devices and pipes are
// exempt (-o /dev/null --samples /dev/null is fine).
func checkOverwrite(inputs, outputs []namedPath) error {
	for i, o := range outputs {
		if o.path == "" || o.path == "-" {
			continue
		}
		for _, in := range inputs {
			if _, err := os.Stat(in.path); err != nil {
				continue // a bundled scenario's id, or no config file
			}
			if sameFile(o.path, in.path) {
				return usagef("%s %s is %s %s: refusing to overwrite it", o.role, o.path, in.role, in.path)
			}
		}
		for _, p := range outputs[:i] {
			if p.path != "" && p.path != "-" && sameFile(o.path, p.path) {
				return usagef("%s %s and %s %s are the same file: one would overwrite the other", p.role, p.path, o.role, o.path)
			}
		}
	}
	return nil
}

// sameFile reports whether a and b name the same regular file, or the
// same file yet to be created (same directory, same name).
func sameFile(a, b string) bool {
	fa, ea := os.Stat(a)
	fb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return fa.Mode().IsRegular() && os.SameFile(fa, fb)
	}
	if !errors.Is(ea, fs.ErrNotExist) || !errors.Is(eb, fs.ErrNotExist) {
		return false
	}
	ta, err1 := followLinks(a)
	tb, err2 := followLinks(b)
	if err1 != nil || err2 != nil || filepath.Base(ta) != filepath.Base(tb) {
		return false
	}
	da, err1 := os.Stat(filepath.Dir(ta))
	db, err2 := os.Stat(filepath.Dir(tb))
	return err1 == nil && err2 == nil && os.SameFile(da, db)
}
