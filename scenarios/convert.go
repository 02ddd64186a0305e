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
func FromStrategic(g *game.Strategic, id string) []byte {
	var b strings.Builder
	q := strconv.Quote
	fmt.Fprintf(&b, "# Converted from a Gambit game by parley convert.\nformat: 1\nscenario: %s\n", q(id))
	title := g.Title
	if title == "" {
		title = id
	}
	fmt.Fprintf(&b, "title: %s\n", q(title))
	if g.Comment != "" {
		fmt.Fprintf(&b, "description: %s\n", q(g.Comment))
	}
	used := map[string]bool{}
	var players []string
	b.WriteString("parties:\n")
	for p := range g.NumPlayers() {
		name := g.PlayerName(p)
		pid := ident(name, fmt.Sprintf("player%d", p+1), used)
		players = append(players, pid)
		if name == "" {
			name = pid
		}
		fmt.Fprintf(&b, "  %s: %s\n", pid, q(name))
	}
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
	prof := make([]int, g.NumPlayers())
	perProfile := g.NumProfiles() <= 16
	b.WriteString("outcomes:\n")
	var rules []string
	if perProfile {
		used := map[string]bool{}
		for k := range g.NumProfiles() {
			g.Profile(k, prof)
			var parts, conds []string
			for p, s := range prof {
				parts = append(parts, strats[p][s])
				conds = append(conds, fmt.Sprintf("%s == %s", players[p], q(strats[p][s])))
			}
			oid := ident(strings.Join(parts, "_"), fmt.Sprintf("profile%d", k+1), used)
			fmt.Fprintf(&b, "  %s: %s\n", oid, q(strings.Join(parts, ", ")))
			rules = append(rules, fmt.Sprintf("      %s: %s\n", oid, q(strings.Join(conds, " and "))))
		}
	} else {
		b.WriteString("  played: A strategy profile is played\n")
		rules = append(rules, "      played: true\n")
	}
	b.WriteString("model:\n  matrix:\n    players: [")
	b.WriteString(strings.Join(players, ", "))
	b.WriteString("]\n    strategies:\n")
	for p, pid := range players {
		var qs []string
		for _, s := range strats[p] {
			qs = append(qs, q(s))
		}
		fmt.Fprintf(&b, "      %s: [%s]\n", pid, strings.Join(qs, ", "))
	}
	b.WriteString("    payoffs:\n")
	for k := range g.NumProfiles() {
		g.Profile(k, prof)
		var qs, pays []string
		for p, s := range prof {
			qs = append(qs, q(strats[p][s]))
			pays = append(pays, fmt.Sprintf("%s: %s", players[p], strconv.FormatFloat(g.PayoffAt(k, p), 'g', -1, 64)))
		}
		fmt.Fprintf(&b, "      - {profile: [%s], payoff: {%s}}\n", strings.Join(qs, ", "), strings.Join(pays, ", "))
	}
	b.WriteString("    outcomes:\n")
	for _, r := range rules {
		b.WriteString(r)
	}
	return []byte(b.String())
}
