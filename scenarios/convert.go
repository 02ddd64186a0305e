package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/game"
)

var nonIdent = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// ident turns a free-text name into a scenario id, unique among used.
func ident(name, fallback string, used map[string]bool) string {
	id := strings.Trim(nonIdent.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if id == "" {
		id = fallback
	}
	if id[0] >= '0' && id[0] <= '9' {
		id = fallback + "_" + id
	}
	base := id
	for n := 2; used[id]; n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	used[id] = true
	return id
}

// FromStrategic writes a scenario (format 1, model matrix) holding the
// game g, for editing into a Monte Carlo scenario: payoffs become numbers
// an analyst can replace by expressions over parameters. Every pure
// profile is its own outcome when there are at most 16; otherwise one
// outcome covers all.
func FromStrategic(g *game.Strategic, id string) ([]byte, error) {
	title := g.Title
	if title == "" {
		title = id
	}
	doc := ymap(ykey("format"), ynum(1), ykey("scenario"), ystr(id), ykey("title"), ystr(title))
	if g.Comment != "" {
		doc.Content = append(doc.Content, ykey("description"), ystr(g.Comment))
	}
	used := map[string]bool{}
	var players []string
	parties := ymap()
	for p := range g.NumPlayers() {
		name := g.PlayerName(p)
		pid := ident(name, fmt.Sprintf("player%d", p+1), used)
		players = append(players, pid)
		if name == "" {
			name = pid
		}
		parties.Content = append(parties.Content, ykey(pid), ystr(name))
	}
	strats := strategyNames(g)
	prof := make([]int, g.NumPlayers())
	outcomes, rules := ymap(), ymap()
	if g.NumProfiles() <= 16 {
		used := map[string]bool{}
		for k := range g.NumProfiles() {
			g.Profile(k, prof)
			var parts, conds []string
			for p, s := range prof {
				parts = append(parts, strats[p][s])
				conds = append(conds, fmt.Sprintf("%s == %s", players[p], strconv.Quote(strats[p][s])))
			}
			oid := ident(strings.Join(parts, "_"), fmt.Sprintf("profile%d", k+1), used)
			outcomes.Content = append(outcomes.Content, ykey(oid), ystr(strings.Join(parts, ", ")))
			rules.Content = append(rules.Content, ykey(oid), ystr(strings.Join(conds, " and ")))
		}
	} else {
		outcomes.Content = append(outcomes.Content, ykey("played"), ystr("A strategy profile is played"))
		rules.Content = append(rules.Content, ykey("played"), ystr("true"))
	}
	strategies := ymap()
	for p, pid := range players {
		strategies.Content = append(strategies.Content, ykey(pid), ystrs(strats[p]))
	}
	payoffs := yseq(false)
	for k := range g.NumProfiles() {
		g.Profile(k, prof)
		var names []string
		pay := yflow()
		for p, s := range prof {
			names = append(names, strats[p][s])
			pay.Content = append(pay.Content, ykey(players[p]), ynum(g.PayoffAt(k, p)))
		}
		payoffs.Content = append(payoffs.Content, yflow(ykey("profile"), ystrs(names), ykey("payoff"), pay))
	}
	matrix := ymap(ykey("players"), ystrs(players), ykey("strategies"), strategies,
		ykey("payoffs"), payoffs, ykey("outcomes"), rules)
	doc.Content = append(doc.Content, ykey("parties"), parties, ykey("outcomes"), outcomes,
		ykey("model"), ymap(ykey("matrix"), matrix))
	return encodeYAML("Converted from a Gambit game by parley convert.", doc)
}

// strategyNames are g's strategy names, made unique and non-empty per
// player.
func strategyNames(g *game.Strategic) [][]string {
	strats := make([][]string, g.NumPlayers())
	for p := range g.NumPlayers() {
		seen := map[string]bool{}
		for s := range g.NumStrategies(p) {
			name := g.StrategyName(p, s)
			if name == "" || seen[name] {
				name = fmt.Sprintf("%s%d", strings.TrimSuffix(name, "_"), s+1)
			}
			seen[name] = true
			strats[p] = append(strats[p], name)
		}
	}
	return strats
}
