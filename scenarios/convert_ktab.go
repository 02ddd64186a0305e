package scenarios

import (
	"fmt"

	"github.com/parley-dev/parley/scenarios/ktab"
)

// FromKTAB writes a scenario (format 1, model spatial, method smp) holding
// the KTAB case c, for editing into a Monte Carlo scenario: capabilities,
// positions and saliences are KTAB's numbers, unchanged, ready to be
// replaced by expressions over uncertain parameters. Every actor is also
// a party (its payoff is the forecast's closeness to its position); one
// outcome, forecast, covers every world, for an analyst to split by rules
// on the forecast.
func FromKTAB(c *ktab.Case, id string) ([]byte, error) {
	if len(c.Actors) == 0 || len(c.Dimensions) == 0 {
		return nil, fmt.Errorf("KTAB case %s: no actors or no dimensions", c.Name)
	}
	title := c.Name
	if title == "" {
		title = id
	}
	doc := ymap(ykey("format"), ynum(1), ykey("scenario"), ystr(id), ykey("title"), ystr(title))
	if c.Description != "" {
		doc.Content = append(doc.Content, ykey("description"), ystr(c.Description))
	}
	used := map[string]bool{}
	dims := make([]string, len(c.Dimensions))
	dimensions := ymap()
	for d, name := range c.Dimensions {
		dims[d] = ident(name, fmt.Sprintf("dim%d", d+1), used)
		dimensions.Content = append(dimensions.Content, ykey(dims[d]), yflow(ykey("label"), ystr(name)))
	}
	used = map[string]bool{}
	parties, actors := ymap(), ymap()
	for a, act := range c.Actors {
		aid := ident(act.Name, fmt.Sprintf("actor%d", a+1), used)
		name := act.Name
		if name == "" {
			name = aid
		}
		party := yflow(ykey("name"), ystr(name))
		if act.Description != "" {
			party.Content = append(party.Content, ykey("doc"), ystr(act.Description))
		}
		parties.Content = append(parties.Content, ykey(aid), party)
		pos, sal := yflow(), yflow()
		for d, did := range dims {
			pos.Content = append(pos.Content, ykey(did), ynum(act.Position[d]))
			sal.Content = append(sal.Content, ykey(did), ynum(act.Salience[d]))
		}
		actors.Content = append(actors.Content, ykey(aid),
			ymap(ykey("capability"), ynum(act.Capability), ykey("position"), pos, ykey("salience"), sal))
	}
	outcomes := ymap(ykey("forecast"), ystr("The model's forecast"))
	spatial := ymap(ykey("method"), ystr("smp"), ykey("dimensions"), dimensions, ykey("actors"), actors,
		ykey("outcomes"), ymap(ykey("forecast"), ytrue()))
	doc.Content = append(doc.Content, ykey("parties"), parties, ykey("outcomes"), outcomes,
		ykey("model"), ymap(ykey("spatial"), spatial))
	return encodeYAML("Converted from a KTAB case by parley convert.", doc)
}
