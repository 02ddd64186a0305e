package ktab

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/spatial"
)

// MaxInputSize bounds the files Read accepts: KTAB's largest cases (250
// actors) take a few tens of kilobytes.
const MaxInputSize = 1 << 20

// KTAB's limits (Model::minNumActor, maxNumActor, csvRead's sanity bound).
const (
	minActors     = 3
	maxActors     = 250
	maxCapability = 1e8
	scale         = 100.0
)

// A Case is one KTAB scenario.
type Case struct {
	Name        string
	Description string
	Dimensions  []string        // the position columns' titles
	Actors      []spatial.Actor // on KTAB's 0–100 scale
}

// Read reads a KTAB CSV scenario. name is the file's name, for errors,
// which are a *ParseError or, when there are several, an ErrorList.
func Read(name string, r io.Reader) (*Case, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(src) > MaxInputSize {
		return nil, fmt.Errorf("%s: %w: more than %d bytes", name, ErrTooLarge, MaxInputSize)
	}
	p := &parser{file: name, src: src}
	c := p.parse()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// A field is one trimmed CSV field and where it starts.
type field struct {
	text      string
	line, col int
}

// A record is one CSV line's fields and where the line ends, for errors
// about what is missing.
type record struct {
	fields    []field
	line, end int
}

type parser struct {
	file string
	src  []byte
	errs ErrorList
}

func (p *parser) errorAt(line, col int, err error) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &ParseError{File: p.file, Line: line, Col: col, Err: err})
	}
}

// syntax records that what was expected is not what is at f.
func (p *parser) syntax(f field, what string) {
	p.errorAt(f.line, f.col, fmt.Errorf("%w: expected %s, found %q", ErrSyntax, what, f.text))
}

func (p *parser) invalid(f field, format string, args ...any) {
	p.errorAt(f.line, f.col, fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...)))
}

// records splits the input into trimmed fields, dropping each record's
// trailing empty fields (KTAB's files end lines with a comma).
func (p *parser) records() []record {
	src := bytes.TrimPrefix(p.src, []byte("\uFEFF"))
	off := len(p.src) - len(src) // a BOM shifts line 1's columns
	lines := bytes.Split(src, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(src))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	var out []record
	for {
		fs, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				p.errorAt(pe.Line, pe.Column, fmt.Errorf("%w: %v", ErrSyntax, pe.Err))
			} else {
				p.errorAt(1, 1, fmt.Errorf("%w: %v", ErrSyntax, err))
			}
			return out
		}
		rec := record{}
		for i, t := range fs {
			line, col := cr.FieldPos(i)
			if line == 1 {
				col += off
			}
			// Point at the text, not the blanks before it.
			col += len(t) - len(strings.TrimLeft(t, " \t"))
			rec.fields = append(rec.fields, field{text: strings.TrimSpace(t), line: line, col: col})
		}
		for len(rec.fields) > 0 && rec.fields[len(rec.fields)-1].text == "" {
			rec.fields = rec.fields[:len(rec.fields)-1]
		}
		rec.line, _ = cr.FieldPos(len(fs) - 1)
		if rec.line <= len(lines) {
			rec.end = len(bytes.TrimRight(lines[rec.line-1], "\r")) + 1
			if rec.line == 1 {
				rec.end += off
			}
		}
		if len(rec.fields) > 0 {
			out = append(out, rec)
		}
	}
}

// get returns field i of rec, or records that it is missing.
func (p *parser) get(rec record, i int, what string) (field, bool) {
	if i < len(rec.fields) {
		return rec.fields[i], true
	}
	p.errorAt(rec.line, rec.end, fmt.Errorf("%w: expected %s, found end of line", ErrSyntax, what))
	return field{}, false
}

// number parses field i of rec as a finite number.
func (p *parser) number(rec record, i int, what string) (float64, field, bool) {
	f, ok := p.get(rec, i, what)
	if !ok {
		return 0, f, false
	}
	v, err := strconv.ParseFloat(f.text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.syntax(f, what)
		return 0, f, false
	}
	return v, f, true
}

// count parses field i of rec as a whole number.
func (p *parser) count(rec record, i int, what string) (int, field, bool) {
	f, ok := p.get(rec, i, what)
	if !ok {
		return 0, f, false
	}
	v, err := strconv.Atoi(f.text)
	if err != nil {
		p.syntax(f, what)
		return 0, f, false
	}
	return v, f, true
}

// endOfLine records fields past the last one a line may have.
func (p *parser) endOfLine(rec record, n int, why string) {
	if n < len(rec.fields) {
		p.syntax(rec.fields[n], "end of line ("+why+")")
	}
}
