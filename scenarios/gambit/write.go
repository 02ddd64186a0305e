package gambit

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/game"
)

// WriteNFG writes g in Gambit's .nfg payoff-list format. Payoffs are written
// with the fewest digits that read back as the same float64, so ReadNFG
// returns a game equal to g, names and all. Non-finite payoffs cannot be
// written and are an error.
func WriteNFG(w io.Writer, g *game.Strategic) error {
	for k, v := range g.Payoffs() {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			n := g.NumPlayers()
			return fmt.Errorf("gambit: payoff of player %d at profile %v is %g", k%n+1, g.Profile(k/n, nil), v)
		}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "NFG 1 R %s {", quote(g.Title))
	for p := range g.NumPlayers() {
		fmt.Fprintf(bw, " %s", quote(g.PlayerName(p)))
	}
	bw.WriteString(" }\n\n{ ")
	for p := range g.NumPlayers() {
		if p > 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteString("{")
		for s := range g.NumStrategies(p) {
			fmt.Fprintf(bw, " %s", quote(g.StrategyName(p, s)))
		}
		bw.WriteString(" }")
	}
	fmt.Fprintf(bw, "\n}\n%s\n\n", quote(g.Comment))
	n := g.NumPlayers()
	for k, v := range g.Payoffs() {
		bw.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		if k%n == n-1 {
			bw.WriteByte('\n')
		} else {
			bw.WriteByte(' ')
		}
	}
	return bw.Flush()
}

// quote writes s as a Gambit string: in double quotes, with backslash
// before a double quote or a backslash.
func quote(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	sb.WriteByte('"')
	return sb.String()
}
