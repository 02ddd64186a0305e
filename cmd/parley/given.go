package main

import (
	"context"

	"github.com/parley-dev/parley/sim"
)

// runMaybeGiven runs s, and with given (an outcome or a path) keeps the
// worlds consistent with it and returns their posterior too. An
// observation the scenario cannot make, or one with --shard, is a usage
// error, found before any world is solved.
func runMaybeGiven(ctx context.Context, s *sim.Scenario, given string, opt sim.Options) (*sim.Result, *sim.Posterior, error) {
	if given == "" {
		res, err := sim.Run(ctx, s, opt)
		return res, nil, err
	}
	ob := s.ObservationOf(given)
	if err := s.CheckObservation(ob); err != nil {
		return nil, nil, usagef("--given: %w", err)
	}
	if opt.Shard.Count > 0 {
		return nil, nil, usagef("--given and --shard do not mix: the posterior needs the matching worlds' values, which a shard's counts do not carry")
	}
	return sim.Given(ctx, s, ob, opt)
}
