package ktab

import (
	"fmt"

	"github.com/parley-dev/parley/sim/spatial"
)

// parse reads the case line, the header and the actors, recording every
// problem it can find rather than stopping at the first.
func (p *parser) parse() *Case {
	recs := p.records()
	if len(p.errs) > 0 {
		return nil
	}
	if len(recs) == 0 {
		p.errorAt(1, 1, fmt.Errorf("%w: expected the case line (name, description, actors, dimensions), found an empty file", ErrSyntax))
		return nil
	}
	c := &Case{}
	nActors, nDims := p.caseLine(recs[0], c)
	if len(recs) < 2 {
		last := recs[0]
		p.errorAt(last.line+1, 1, fmt.Errorf("%w: expected the header line (Actor, Description, capability, positions and saliences), found end of file", ErrSyntax))
		return c
	}
	nDims = p.header(recs[1], nDims, c)
	rows := recs[2:]
	names := make(map[string]field)
	for i, rec := range rows {
		if nActors > 0 && i == nActors {
			p.syntax(rec.fields[0], fmt.Sprintf("end of file (the case declares %d actors)", nActors))
			break
		}
		c.Actors = append(c.Actors, p.actor(rec, nDims, names))
	}
	if nActors > 0 && len(rows) < nActors {
		last := recs[len(recs)-1]
		p.errorAt(last.line+1, 1, fmt.Errorf("%w: expected %d actors as the case line declares, found %d and end of file",
			ErrSyntax, nActors, len(rows)))
	}
	return c
}

// caseLine reads "name, description, actors, dimensions"; KTAB ignores
// anything after, and so does Read. It returns the counts, 0 when bad.
func (p *parser) caseLine(rec record, c *Case) (nActors, nDims int) {
	if f, ok := p.get(rec, 0, "the case's name"); ok {
		c.Name = f.text
	}
	if f, ok := p.get(rec, 1, "the case's description"); ok {
		c.Description = f.text
	}
	if n, f, ok := p.count(rec, 2, "the number of actors (a whole number)"); ok {
		if n < minActors || n > maxActors {
			p.invalid(f, "expected %d to %d actors, found %d", minActors, maxActors, n)
		} else {
			nActors = n
		}
	}
	if n, f, ok := p.count(rec, 3, "the number of dimensions (a whole number)"); ok {
		if n < 1 {
			p.invalid(f, "expected at least 1 dimension, found %d", n)
		} else {
			nDims = n
		}
	}
	return nActors, nDims
}

// header reads the column titles and takes the dimensions' names from the
// position columns. When the case line's count is unusable it infers the
// count from the header, so the actors' lines can still be checked.
func (p *parser) header(rec record, nDims int, c *Case) int {
	if nDims == 0 {
		nDims = max(0, (len(rec.fields)-3)/2)
	}
	for i, what := range []string{"the Actor column's title", "the Description column's title", "the capability column's title"} {
		p.get(rec, i, what)
	}
	for d := range nDims {
		f, ok := p.get(rec, 3+2*d, fmt.Sprintf("the title of dimension %d's position column", d+1))
		if !ok {
			break
		}
		c.Dimensions = append(c.Dimensions, f.text)
		if _, ok := p.get(rec, 4+2*d, fmt.Sprintf("the title of dimension %d's salience column", d+1)); !ok {
			break
		}
	}
	p.endOfLine(rec, 3+2*nDims, fmt.Sprintf("%d dimensions", nDims))
	return nDims
}

// actor reads "name, description, capability, position, salience, …".
func (p *parser) actor(rec record, nDims int, names map[string]field) spatial.Actor {
	var a spatial.Actor
	if f, ok := p.get(rec, 0, "the actor's name"); ok {
		if f.text == "" {
			p.syntax(f, "the actor's name")
		} else if prev, dup := names[f.text]; dup {
			p.invalid(f, "actor %q already named at line %d", f.text, prev.line)
		} else {
			names[f.text] = f
		}
		a.Name = f.text
	}
	if f, ok := p.get(rec, 1, "the actor's description"); ok {
		a.Description = f.text
	}
	// A zero capability passes KTAB's reader but not its model's votes.
	if v, f, ok := p.number(rec, 2, "the actor's capability (a number)"); ok {
		if !(v > 0 && v <= maxCapability) {
			p.invalid(f, "capability: expected a number > 0 and at most %g, found %s", maxCapability, f.text)
		}
		a.Capability = v
	}
	a.Position = make([]float64, nDims)
	a.Salience = make([]float64, nDims)
	total := 0.0
	complete := true
	var lastSal field
	for d := range nDims {
		pos, f, ok := p.number(rec, 3+2*d, fmt.Sprintf("the position on dimension %d (a number)", d+1))
		if ok && !(pos >= 0 && pos <= scale) {
			p.invalid(f, "position on dimension %d: expected 0 to 100, found %s", d+1, f.text)
		}
		complete = complete && ok
		sal, f, ok := p.number(rec, 4+2*d, fmt.Sprintf("the salience on dimension %d (a number)", d+1))
		if ok && !(sal >= 0 && sal <= scale) {
			p.invalid(f, "salience on dimension %d: expected 0 to 100, found %s", d+1, f.text)
		}
		complete = complete && ok
		if !complete {
			break // the rest of the line is out of step
		}
		a.Position[d], a.Salience[d] = pos, sal
		total += sal
		lastSal = f
	}
	if complete && nDims > 0 {
		// KTAB bounds the total; the model needs some salience to
		// measure distance with.
		if !(total > 0 && total <= scale) {
			p.invalid(lastSal, "the actor's saliences sum to %g: expected more than 0 and at most 100", total)
		}
		p.endOfLine(rec, 3+2*nDims, fmt.Sprintf("%d dimensions", nDims))
	}
	return a
}
