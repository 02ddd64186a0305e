package game

import (
	"errors"
	"fmt"
	"strconv"
)

// maxEntries bounds the size of a payoff table (profiles × players) so that a
// malformed size cannot make NewStrategic allocate without limit.
const maxEntries = 1 << 28

// Strategic is a finite game in strategic (normal) form.
//
// Payoffs live in one flat slice: the payoffs of every player for profile k
// occupy payoffs[k*n : k*n+n], n being the number of players. Profiles are
// numbered with the first player's strategy varying fastest, the order of
// Gambit's .nfg files, so a file's payoff list maps onto the slice as it is.
type Strategic struct {
	// Title and Comment are free text carried along for writers.
	Title   string
	Comment string

	players    []string
	strategies [][]string
	dims       []int
	strides    []int
	payoffs    []float64
}

// NewStrategic returns a game in which player p has dims[p] strategies, all
// payoffs zero, players named "1", "2", ... and strategies "1", "2", ... as
// Gambit names them by default. It panics if there are no players, a player
// has no strategy, or the payoff table would be unreasonably large (more than
// 2^28 entries); use CheckDims first for sizes that come from input.
func NewStrategic(dims ...int) *Strategic {
	if err := CheckDims(dims); err != nil {
		panic("game: " + err.Error())
	}
	g := &Strategic{
		players:    make([]string, len(dims)),
		strategies: make([][]string, len(dims)),
		dims:       append([]int(nil), dims...),
		strides:    make([]int, len(dims)),
	}
	size := 1
	for p, d := range dims {
		g.players[p] = strconv.Itoa(p + 1)
		g.strategies[p] = make([]string, d)
		for s := range d {
			g.strategies[p][s] = strconv.Itoa(s + 1)
		}
		g.strides[p] = size
		size *= d
	}
	g.payoffs = make([]float64, size*len(dims))
	return g
}

// CheckDims reports whether NewStrategic accepts dims.
func CheckDims(dims []int) error {
	if len(dims) == 0 {
		return errors.New("a game needs at least one player")
	}
	size := len(dims)
	for p, d := range dims {
		if d < 1 {
			return fmt.Errorf("player %d has %d strategies, want at least 1", p+1, d)
		}
		if size > maxEntries/d {
			return fmt.Errorf("payoff table too large (more than %d entries)", maxEntries)
		}
		size *= d
	}
	return nil
}

// Bimatrix returns the two-player game in which row player 1 gets a[i][j]
// and column player 2 gets b[i][j] when 1 plays i and 2 plays j.
func Bimatrix(a, b [][]float64) (*Strategic, error) {
	m := len(a)
	if m == 0 || len(b) != m {
		return nil, fmt.Errorf("bimatrix: %d rows in a, %d in b, want the same positive number", len(a), len(b))
	}
	n := len(a[0])
	for i := range m {
		if len(a[i]) != n || len(b[i]) != n || n == 0 {
			return nil, fmt.Errorf("bimatrix: row %d has %d and %d columns, want %d", i, len(a[i]), len(b[i]), n)
		}
	}
	g := NewStrategic(m, n)
	for i := range m {
		for j := range n {
			k := i + j*m
			g.payoffs[2*k] = a[i][j]
			g.payoffs[2*k+1] = b[i][j]
		}
	}
	return g, nil
}

// NumPlayers returns the number of players.
func (g *Strategic) NumPlayers() int { return len(g.dims) }

// NumStrategies returns the number of strategies of player p.
func (g *Strategic) NumStrategies(p int) int { return g.dims[p] }

// Dims returns a copy of the number of strategies of each player.
func (g *Strategic) Dims() []int { return append([]int(nil), g.dims...) }

// NumProfiles returns the number of pure-strategy profiles.
func (g *Strategic) NumProfiles() int { return len(g.payoffs) / len(g.dims) }

// PlayerName returns the name of player p.
func (g *Strategic) PlayerName(p int) string { return g.players[p] }

// SetPlayerName names player p.
func (g *Strategic) SetPlayerName(p int, name string) { g.players[p] = name }

// StrategyName returns the name of strategy s of player p.
func (g *Strategic) StrategyName(p, s int) string { return g.strategies[p][s] }

// SetStrategyName names strategy s of player p.
func (g *Strategic) SetStrategyName(p, s int, name string) { g.strategies[p][s] = name }

// Index returns the number of a pure profile (one strategy per player).
func (g *Strategic) Index(profile []int) int {
	k := 0
	for p, s := range profile {
		k += s * g.strides[p]
	}
	return k
}

// Profile decodes profile number k into dst, which it returns (allocated
// when dst is too short).
func (g *Strategic) Profile(k int, dst []int) []int {
	if cap(dst) < len(g.dims) {
		dst = make([]int, len(g.dims))
	}
	dst = dst[:len(g.dims)]
	for p, d := range g.dims {
		dst[p] = k % d
		k /= d
	}
	return dst
}

// Payoff returns player p's payoff at a pure profile.
func (g *Strategic) Payoff(profile []int, p int) float64 {
	return g.payoffs[g.Index(profile)*len(g.dims)+p]
}

// SetPayoff sets player p's payoff at a pure profile.
func (g *Strategic) SetPayoff(profile []int, p int, v float64) {
	g.payoffs[g.Index(profile)*len(g.dims)+p] = v
}

// SetPayoffs sets every player's payoff at a pure profile.
func (g *Strategic) SetPayoffs(profile []int, v ...float64) {
	if len(v) != len(g.dims) {
		panic(fmt.Sprintf("game: %d payoffs for %d players", len(v), len(g.dims)))
	}
	copy(g.payoffs[g.Index(profile)*len(g.dims):], v)
}

// PayoffAt returns player p's payoff at profile number k.
func (g *Strategic) PayoffAt(k, p int) float64 { return g.payoffs[k*len(g.dims)+p] }

// SetPayoffAt sets player p's payoff at profile number k.
func (g *Strategic) SetPayoffAt(k, p int, v float64) { g.payoffs[k*len(g.dims)+p] = v }

// Payoffs returns the game's payoff table, shared, not copied: entry
// k*NumPlayers()+p is player p's payoff at profile number k.
func (g *Strategic) Payoffs() []float64 { return g.payoffs }

// Clone returns a deep copy of g.
func (g *Strategic) Clone() *Strategic {
	h := &Strategic{
		Title:      g.Title,
		Comment:    g.Comment,
		players:    append([]string(nil), g.players...),
		strategies: make([][]string, len(g.strategies)),
		dims:       append([]int(nil), g.dims...),
		strides:    append([]int(nil), g.strides...),
		payoffs:    append([]float64(nil), g.payoffs...),
	}
	for p := range g.strategies {
		h.strategies[p] = append([]string(nil), g.strategies[p]...)
	}
	return h
}

// matrices returns a two-player game's payoffs as row-major m×n matrices:
// a[i*n+j] for player 1 and b[i*n+j] for player 2.
func (g *Strategic) matrices() (a, b []float64, m, n int) {
	m, n = g.dims[0], g.dims[1]
	a = make([]float64, m*n)
	b = make([]float64, m*n)
	for i := range m {
		for j := range n {
			k := i + j*m
			a[i*n+j] = g.payoffs[2*k]
			b[i*n+j] = g.payoffs[2*k+1]
		}
	}
	return a, b, m, n
}

// ErrNotTwoPlayer is returned by the solvers that handle two-player games
// only.
var ErrNotTwoPlayer = errors.New("game: solver needs a two-player game")
