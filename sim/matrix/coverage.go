package matrix

// outcomeCoverage checks at load time that the outcome rules class every
// profile, so that `parley validate` reports a gap instead of the run
// failing in its first world. A rule that reads only the players'
// strategies (or nothing) is decided here for each profile; one that
// reads a parameter may hold in some worlds and not others, so a profile
// that only such a rule could class is left to the run's own check.
func (c *matrixCompiler) outcomeCoverage() {
	spec, m := c.spec, c.m
	if len(m.rules) != len(spec.Outcomes) || len(m.labels) != c.count {
		return // an undefined outcome or a missing table: reported already
	}
	for i, r := range spec.Outcomes {
		if r.If != "" && m.rules[i].Cond == nil {
			return // a broken condition: reported already, and unknowable
		}
	}
	x := make([]float64, c.base+len(m.players))
	var missing []string
	for k := range c.count {
		c.g.Profile(k, c.prof)
		for i, j := range c.prof {
			x[c.base+i] = float64(j)
		}
		if !c.mayBeClassed(x) {
			missing = append(missing, m.labels[k])
		}
	}
	for n, label := range missing {
		if n == 3 {
			c.ps.Add(matrixRoot+".outcomes", "and %d more profiles that no outcome rule matches", len(missing)-3)
			break
		}
		c.ps.Add(matrixRoot+".outcomes", "no outcome rule matches the profile %s: every profile that can be played needs an outcome; add a rule that matches it, or a last rule that always holds (an_outcome: true)", label)
	}
}

// mayBeClassed reports whether some rule holds for the profile whose
// strategies are in x, or may hold in some world.
func (c *matrixCompiler) mayBeClassed(x []float64) bool {
	for _, r := range c.m.rules {
		if r.Cond == nil {
			return true
		}
		e := r.Cond.E
		for _, v := range e.Vars() {
			if v < c.base {
				return true // reads a parameter: decided per world
			}
		}
		v, f := e.Run(x)
		if f.Failed() || v != 0 {
			return true // a fault is the run's to report, with its world
		}
	}
	return false
}
