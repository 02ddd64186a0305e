package web

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/game"
)

// matrixWorlds is how many worlds give the model's expected payoffs in a
// matrix debrief: a point drawn, as precise as the explorer's.
const matrixWorlds = 2000

// matrixSpace is a two-player matrix game's payoff space for the debrief:
// each profile's payoffs in the median world (the game parley solve sees),
// each player's security level (its pure maxmin: what it can guarantee
// whatever the other does, the strategic form's walk-away), and the
// model's expected payoffs over the sampled worlds.
func matrixSpace(ctx context.Context, e Entry, m *roleModel, timeout time.Duration) (*space, error) {
	src, err := entrySource(e)
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Parse(e.ID, src, scenarios.Options{})
	if err != nil {
		return nil, err
	}
	g, err := sc.MedianGame()
	if err != nil {
		return nil, err
	}
	if g.NumPlayers() != 2 {
		return nil, fmt.Errorf("the payoff space is drawn for two players; %s has %d", e.ID, g.NumPlayers())
	}
	x, y := g.PlayerName(0), g.PlayerName(1)
	sp := &space{X: x, Y: y}
	prof := make([]int, 2)
	for k := range g.NumProfiles() {
		g.Profile(k, prof)
		agreement := map[string]string{x: g.StrategyName(0, prof[0]), y: g.StrategyName(1, prof[1])}
		sp.Packages = append(sp.Packages, point{packageLabel(m.Issues, agreement), g.PayoffAt(k, 0), g.PayoffAt(k, 1)})
	}
	sp.Walk = point{"security level", security(g, 0), security(g, 1)}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r, err := sim.Run(ctx, sc, sim.Options{Iterations: matrixWorlds, Seed: 1, Workers: 1})
	if err != nil {
		return nil, fmt.Errorf("prediction: %w", err)
	}
	xy := payoffMeans(r, x, y)
	sp.Predicted = point{"model", xy[0], xy[1]}
	return sp, nil
}

// security is player p's pure maxmin in a two-player game: the best of
// its strategies by their worst payoff.
func security(g *game.Strategic, p int) float64 {
	best := math.Inf(-1)
	prof := make([]int, 2)
	for s := range g.NumStrategies(p) {
		worst := math.Inf(1)
		for t := range g.NumStrategies(1 - p) {
			prof[p], prof[1-p] = s, t
			worst = min(worst, g.PayoffAt(g.Index(prof), p))
		}
		best = max(best, worst)
	}
	return best
}
