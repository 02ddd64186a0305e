package sim

import (
	"fmt"

	"github.com/parley-dev/parley/sim/game"
	"github.com/parley-dev/parley/sim/model"
)

// MedianGame returns a matrix scenario's game in the median world (every
// parameter at its median), with the players' and strategies' names: the
// game a single-world solver or a Gambit file sees.
func (s *Scenario) MedianGame() (*game.Strategic, error) {
	gm, ok := s.form.(model.GameMaker)
	if !ok {
		return nil, fmt.Errorf("scenario %s is %s model; only matrix models are strategic-form games", s.ID, model.WithArticle(s.Form()))
	}
	x := s.MedianWorld()
	if err := s.derive(x); err != nil {
		we := err.(*model.WorldError)
		return nil, fmt.Errorf("in the median world, %s: %s", we.Path, we.Msg)
	}
	g, err := gm.StrategicGame(x)
	if g != nil {
		g.Title = s.Title
	}
	return g, err
}
