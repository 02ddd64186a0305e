package scenarios_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// multiError lists the corpus files that hold more than one mistake, with
// how many errors each must report. Every other file holds exactly one.
var multiError = map[string]int{
	"several-errors-at-once": 6,
	"several-shape-errors":   4,
}

// TestInvalid loads every broken scenario under testdata/invalid and
// compares the full error text with the file's .golden. Run
//
//	go test ./scenarios -run Invalid -update
//
// to rewrite the goldens, then review them by eye.
func TestInvalid(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 35 {
		t.Fatalf("found %d corpus files under testdata/invalid, want at least 35", len(files))
	}
	for _, file := range files {
		file = filepath.ToSlash(file)
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte("# ")) {
				t.Errorf("%s does not start with a comment saying what mistake it shows", file)
			}
			s, err := scenarios.Load(file, scenarios.Options{})
			if err == nil {
				t.Fatalf("Load(%q) succeeded (scenario %q), want an error", file, s.ID)
			}
			list, ok := err.(scenarios.ErrorList)
			if !ok {
				t.Fatalf("Load(%q) returned %T, want scenarios.ErrorList:\n%v", file, err, err)
			}
			want := 1
			if n, ok := multiError[name]; ok {
				want = n
			}
			if len(list) != want {
				t.Errorf("got %d errors, want %d:\n%v", len(list), want, err)
			}
			at := regexp.MustCompile(`^` + regexp.QuoteMeta(file) + `:([1-9][0-9]*):([1-9][0-9]*): \S`)
			for _, e := range list {
				if !at.MatchString(e.Error()) {
					t.Errorf("error does not start with %s:LINE:COL: \n%s", file, e)
				}
				if e.File != file || e.Line < 1 || e.Col < 1 {
					t.Errorf("error has File %q, Line %d, Col %d; want %q and a position >= 1:1", e.File, e.Line, e.Col, file)
				}
				if e.Err == nil {
					t.Errorf("error at %d:%d has no Err", e.Line, e.Col)
				}
			}
			var first *scenarios.Error
			if !errors.As(err, &first) || first != list[0] {
				t.Errorf("errors.As does not find the list's first *Error")
			}

			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantText, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run Invalid -update to create it)", err)
			}
			if got != string(wantText) {
				t.Errorf("errors differ from %s\ngot:\n%swant:\n%s", golden, got, wantText)
			}
		})
	}
}

// TestInvalidGoldensHaveYAML catches a golden left behind when its corpus
// file is renamed or deleted.
func TestInvalidGoldensHaveYAML(t *testing.T) {
	goldens, err := filepath.Glob("testdata/invalid/*.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goldens {
		if _, err := os.Stat(strings.TrimSuffix(g, ".golden") + ".yaml"); err != nil {
			t.Errorf("%s has no corpus file: %v", g, err)
		}
	}
	for name := range multiError {
		if _, err := os.Stat(filepath.Join("testdata", "invalid", name+".yaml")); err != nil {
			t.Errorf("multiError names %s: %v", name, err)
		}
	}
}
