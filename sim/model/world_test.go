package model

import (
	"math"
	"testing"
)

// chiSquare is Pearson's statistic of counts against equal expectations.
func chiSquare(counts []float64, n float64) float64 {
	e := n / float64(len(counts))
	x := 0.0
	for _, c := range counts {
		x += (c - e) * (c - e) / e
	}
	return x
}

// chiLimit is a bound the statistic of k−1 degrees of freedom exceeds with
// probability about 1e-6 (normal approximation, 4.9 standard deviations).
func chiLimit(k int) float64 {
	df := float64(k - 1)
	return df + 4.9*math.Sqrt(2*df)
}

// TestUniformAtQuality checks the keyed streams: each key's draws are
// uniform (1024 bins), consecutive worlds' draws of one key are
// independent, and so are two keys' draws in the same world (pairs in
// 32×32 bins), for nearby seeds and keys. Deterministic: fixed seeds.
func TestUniformAtQuality(t *testing.T) {
	const n = 1 << 20
	keys := []uint64{StreamKey("param", "a"), StreamKey("param", "b"), 0, 1, 2}
	for _, seed := range []uint64{0, 1, 2, 12345} {
		for ki, key := range keys {
			ss := StreamSeed(seed, key)
			other := StreamSeed(seed, keys[(ki+1)%len(keys)])
			single := make([]float64, 1024)
			serial := make([]float64, 1024)
			pairs := make([]float64, 1024)
			prev := UniformAt(ss, 0)
			for i := range int64(n) {
				u := UniformAt(ss, i)
				if !(u > 0 && u < 1) {
					t.Fatalf("draw %v outside (0, 1)", u)
				}
				single[int(u*1024)]++
				if i > 0 {
					serial[int(prev*32)*32+int(u*32)]++
				}
				pairs[int(u*32)*32+int(UniformAt(other, i)*32)]++
				prev = u
			}
			for name, c := range map[string][]float64{"uniformity": single, "serial pairs": serial, "pairs of keys": pairs} {
				total := 0.0
				for _, v := range c {
					total += v
				}
				if x := chiSquare(c, total); x > chiLimit(len(c)) {
					t.Errorf("seed %d key %d: %s chi-square %.0f over %d bins, above %.0f", seed, ki, name, x, len(c), chiLimit(len(c)))
				}
			}
		}
	}
}

// TestUniformMatchesUniformAt: a world's Uniform is UniformAt of its
// stream seed, the same number whichever way it is asked for.
func TestUniformMatchesUniformAt(t *testing.T) {
	w := World{Seed: 7}
	for it := int64(0); it < 1000; it += 37 {
		w.Iter = it
		for _, key := range []uint64{0, 3, StreamKey("node", "model.tree")} {
			if a, b := w.Uniform(key), UniformAt(StreamSeed(7, key), it); a != b {
				t.Fatalf("iteration %d key %d: %v and %v", it, key, a, b)
			}
		}
	}
}
