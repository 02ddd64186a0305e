package main

import (
	"context"
	"errors"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// runMaybeGiven runs s, and with given (an outcome or a path) keeps the
// worlds consistent with it and returns their posterior too. An
// observation the scenario cannot make, or one with --shard, is a usage
// error, found before any world is solved.
func runMaybeGiven(ctx context.Context, s *sim.Scenario, given string, opt sim.Options) (*sim.Result, *analysis.Posterior, error) {
	if given == "" {
		res, err := sim.Run(ctx, s, opt)
		return res, nil, err
	}
	ob := analysis.ObservationOf(s, given)
	if err := analysis.CheckObservation(s, ob); err != nil {
		return nil, nil, usagef("--given: %w", err)
	}
	if opt.Shard.Count > 0 {
		return nil, nil, usagef("--given and --shard do not mix: the posterior's counts of the matching worlds' draws are not in a shard's file")
	}
	return analysis.Given(ctx, s, ob, opt)
}

// runSensitivityGiven is `parley sensitivity --given`: the posterior
// first, which fixes how many worlds are needed (with --precision), then
// the tornado over those same worlds (same seed, same first iterations).
func runSensitivityGiven(ctx context.Context, o *sensitivityOptions, outcome string) error {
	if o.Given == "" {
		return usagef("--precision goes with --given on sensitivity")
	}
	if !(o.Precision >= 0 && o.Precision < 0.5) {
		return usagef("--precision must be in (0, 0.5), found %v", o.Precision)
	}
	run := o.Run
	run.Precision = o.Precision
	done := o.progress()
	res, post, err := runMaybeGiven(ctx, o.Scenario, o.Given, run)
	done()
	if res == nil {
		var ue usageError
		if errors.As(err, &ue) {
			return err
		}
		return o.failed(err)
	}
	if err != nil { // interrupted: print the posterior of the worlds done
		return o.emit(err, reports.Given(res, post, o.Format != reports.CSV), reports.GivenDocument(res, post, false), nil)
	}
	o.Run.Iterations = res.Iterations
	done = o.progress()
	r, err := o.tornado()(ctx, o.Scenario, outcome, o.Run)
	done()
	if r == nil {
		return o.failed(err)
	}
	doc := reports.Sensitivity(r)
	g := reports.Given(res, post, o.Format != reports.CSV)
	doc.Notes = append(doc.Notes, g.Notes...)
	doc.Tables = append(doc.Tables, g.Tables...)
	doc.Provenance = g.Provenance
	return o.emit(err, doc, &sensitivityGivenJSON{SensitivityJSON: reports.SensitivityDocument(r), Given: reports.GivenDocument(res, post, false)}, nil)
}

// sensitivityGivenJSON is parley.sensitivity/v1 with the posterior added
// under "given".
type sensitivityGivenJSON struct {
	*reports.SensitivityJSON
	Given *reports.GivenJSON `json:"given"`
}
