package game

import (
	"math"
	"math/big"
)

// simpleRat returns the simplest rational within a relative 1e-13 of f (the
// first continued-fraction convergent that close), or f's exact binary value
// when no convergent with a denominator below 1e12 is that close. Payoffs
// written as 2/7 or 1.131 in a file come back as 2/7 and 1131/1000.
func simpleRat(f float64) *big.Rat {
	exact := new(big.Rat)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return exact
	}
	exact.SetFloat64(f)
	if exact.IsInt() {
		return exact
	}
	tol := 1e-13 * math.Max(1, math.Abs(f))
	// Continued fraction of the exact value x = num/den.
	num := new(big.Int).Set(exact.Num())
	den := new(big.Int).Set(exact.Denom())
	h0, h1 := big.NewInt(0), big.NewInt(1) // h_{-2}, h_{-1}
	k0, k1 := big.NewInt(1), big.NewInt(0)
	a, rem := new(big.Int), new(big.Int)
	limit := big.NewInt(1e12)
	conv, diff := new(big.Rat), new(big.Rat)
	for range 80 {
		if den.Sign() == 0 {
			break
		}
		a.DivMod(num, den, rem) // floor for positive den
		h := new(big.Int).Mul(a, h1)
		h.Add(h, h0)
		k := new(big.Int).Mul(a, k1)
		k.Add(k, k0)
		if k.Cmp(limit) > 0 {
			break
		}
		conv.SetFrac(h, k)
		d, _ := diff.Sub(conv, exact).Float64()
		if math.Abs(d) <= tol {
			return new(big.Rat).Set(conv)
		}
		h0, h1 = h1, h
		k0, k1 = k1, k
		num, den = den, new(big.Int).Set(rem)
	}
	return exact
}

// ratPayoffs returns player p's payoffs of a two-player game as a row-major
// m×n matrix of simple rationals.
func ratMatrix(x []float64) []*big.Rat {
	out := make([]*big.Rat, len(x))
	for i, v := range x {
		out[i] = simpleRat(v)
	}
	return out
}

// solveRat solves the linear system rows·z = rhs exactly, rows being r×c. It
// returns the solution if the system is consistent and has exactly one
// solution, else ok is false. rows and rhs are overwritten.
func solveRat(rows [][]*big.Rat, rhs []*big.Rat, c int) (z []*big.Rat, ok bool) {
	r := len(rows)
	piv := make([]int, 0, c)
	row := 0
	t := new(big.Rat)
	for col := 0; col < c && row < r; col++ {
		sel := -1
		for i := row; i < r; i++ {
			if rows[i][col].Sign() != 0 {
				sel = i
				break
			}
		}
		if sel < 0 {
			return nil, false // free variable: not unique
		}
		rows[row], rows[sel] = rows[sel], rows[row]
		rhs[row], rhs[sel] = rhs[sel], rhs[row]
		inv := new(big.Rat).Inv(rows[row][col])
		for j := col; j < c; j++ {
			rows[row][j].Mul(rows[row][j], inv)
		}
		rhs[row].Mul(rhs[row], inv)
		for i := range r {
			if i == row || rows[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(rows[i][col])
			for j := col; j < c; j++ {
				rows[i][j].Sub(rows[i][j], t.Mul(f, rows[row][j]))
			}
			rhs[i].Sub(rhs[i], t.Mul(f, rhs[row]))
		}
		piv = append(piv, col)
		row++
	}
	if len(piv) < c {
		return nil, false
	}
	for i := row; i < r; i++ {
		if rhs[i].Sign() != 0 {
			return nil, false
		}
	}
	z = make([]*big.Rat, c)
	for i, col := range piv {
		z[col] = rhs[i]
	}
	return z, true
}

// ratSupportSolve finds the mixed strategy x of one player of a bimatrix
// game from the labels of the vertex it belongs to: x_i = 0 for i in zero,
// and the opponent's payoff (from the row-major m×n matrix pay, the
// opponent choosing columns when opponentCols, rows otherwise) is equal, to
// an unknown value, over the opponent strategies in tight. It reports
// whether the solution is unique.
func ratSupportSolve(pay []*big.Rat, m, n int, opponentCols bool, zero, tight []bool) ([]*big.Rat, bool) {
	own := m
	if !opponentCols {
		own = n
	}
	// Unknowns: x_i for i not in zero, then v.
	vars := make([]int, 0, own)
	for i := range own {
		if !zero[i] {
			vars = append(vars, i)
		}
	}
	c := len(vars) + 1
	var rows [][]*big.Rat
	var rhs []*big.Rat
	other := n
	if !opponentCols {
		other = m
	}
	for j := range other {
		if !tight[j] {
			continue
		}
		r := make([]*big.Rat, c)
		for t, i := range vars {
			if opponentCols {
				r[t] = new(big.Rat).Set(pay[i*n+j])
			} else {
				r[t] = new(big.Rat).Set(pay[j*n+i])
			}
		}
		r[c-1] = big.NewRat(-1, 1)
		rows = append(rows, r)
		rhs = append(rhs, new(big.Rat))
	}
	r := make([]*big.Rat, c)
	for t := range vars {
		r[t] = big.NewRat(1, 1)
	}
	r[c-1] = new(big.Rat)
	rows = append(rows, r)
	rhs = append(rhs, big.NewRat(1, 1))
	z, ok := solveRat(rows, rhs, c)
	if !ok {
		return nil, false
	}
	x := make([]*big.Rat, own)
	for i := range x {
		x[i] = new(big.Rat)
	}
	for t, i := range vars {
		x[i] = z[t]
	}
	return x, true
}

// verifyBimatrix reports whether (x, y) is exactly a Nash equilibrium of the
// bimatrix game with row-major m×n rational payoff matrices a and b.
func verifyBimatrix(a, b []*big.Rat, m, n int, x, y []*big.Rat) bool {
	if !isDistribution(x) || !isDistribution(y) {
		return false
	}
	t := new(big.Rat)
	row := make([]*big.Rat, m)
	for i := range m {
		row[i] = new(big.Rat)
		for j := range n {
			if y[j].Sign() != 0 {
				row[i].Add(row[i], t.Mul(a[i*n+j], y[j]))
			}
		}
	}
	col := make([]*big.Rat, n)
	for j := range n {
		col[j] = new(big.Rat)
		for i := range m {
			if x[i].Sign() != 0 {
				col[j].Add(col[j], t.Mul(b[i*n+j], x[i]))
			}
		}
	}
	return bestOnSupport(row, x) && bestOnSupport(col, y)
}

func isDistribution(x []*big.Rat) bool {
	sum := new(big.Rat)
	for _, v := range x {
		if v.Sign() < 0 {
			return false
		}
		sum.Add(sum, v)
	}
	return sum.Cmp(big.NewRat(1, 1)) == 0
}

// bestOnSupport reports whether every strategy played with positive
// probability earns the largest payoff.
func bestOnSupport(pay, x []*big.Rat) bool {
	best := pay[0]
	for _, v := range pay[1:] {
		if v.Cmp(best) > 0 {
			best = v
		}
	}
	for i, v := range pay {
		if x[i].Sign() > 0 && v.Cmp(best) != 0 {
			return false
		}
	}
	return true
}
