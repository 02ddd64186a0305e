package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
)

// query is an explorer view as its link holds it: the parameters fixed
// (?set=name=value), the variants applied, the seed and the worlds.
type query struct {
	Sets     [][2]string // name, value as given (it is passed on verbatim)
	Variants []string
	Seed     uint64
	N        int64
}

// parseQuery reads and checks a view's query against the scenario: only
// its parameters and variants, finite numbers, at most max worlds.
func parseQuery(v url.Values, s *sim.Scenario, defN, maxN int64) (query, error) {
	q := query{Seed: 1, N: defN}
	params := map[string]bool{}
	for _, p := range s.Params {
		params[p.Name] = true
	}
	for _, set := range v["set"] {
		name, val, ok := strings.Cut(set, "=")
		name = strings.TrimPrefix(name, "parameters.")
		if !ok || !params[name] {
			return q, fmt.Errorf("set=%q: expected name=value for a parameter of %s", set, s.ID)
		}
		x, err := strconv.ParseFloat(val, 64)
		if !decimalRE.MatchString(val) || err != nil || math.IsInf(x, 0) {
			return q, fmt.Errorf("set=%q: expected a finite number, found %q", set, val)
		}
		q.Sets = append(q.Sets, [2]string{name, val})
	}
	for _, name := range v["variant"] {
		if !slices.ContainsFunc(s.Variants, func(vs sim.VariantSpec) bool { return vs.Name == name }) {
			return q, fmt.Errorf("variant=%q: %s has no such variant", name, s.ID)
		}
		q.Variants = append(q.Variants, name)
	}
	if x := v.Get("seed"); x != "" {
		seed, err := strconv.ParseUint(x, 10, 64)
		if err != nil {
			return q, fmt.Errorf("seed=%q: expected a whole number", x)
		}
		q.Seed = seed
	}
	if x := v.Get("n"); x != "" {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n < 1 || n > maxN {
			return q, fmt.Errorf("n=%q: expected a number of worlds from 1 to %d", x, maxN)
		}
		q.N = n
	}
	return q, nil
}

// decimalRE is the numbers a view may set: plain decimals, read the same
// by strconv and by the YAML loader that --set goes through.
var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// sets is the query's overrides as scenarios.Options.Sets wants them.
func (q query) sets() []string {
	var out []string
	for _, kv := range q.Sets {
		out = append(out, "parameters."+kv[0]+"="+kv[1])
	}
	return out
}

// encode is the query part of the link that reproduces the view.
func (q query) encode() string {
	v := url.Values{}
	for _, kv := range q.Sets {
		v.Add("set", kv[0]+"="+kv[1])
	}
	v["variant"] = q.Variants
	v.Set("seed", strconv.FormatUint(q.Seed, 10))
	v.Set("n", strconv.FormatInt(q.N, 10))
	return v.Encode()
}

// cli is the parley command that prints the same outcome table.
func (q query) cli(e Entry) string {
	args := []string{"parley", "run", cliName(e)}
	for _, s := range q.sets() {
		args = append(args, "--set", shellQuote(s))
	}
	for _, v := range q.Variants {
		args = append(args, "--variant", shellQuote(v))
	}
	args = append(args, "--seed", strconv.FormatUint(q.Seed, 10), "-n", strconv.FormatInt(q.N, 10))
	return strings.Join(args, " ")
}

// control is one parameter's slider.
type control struct {
	Name, Doc      string
	Min, Max, Step string
	Value          string
	Fixed          bool // fixed by the view's query
	Uncertain      bool // drawn in the scenario (else fixed there)
}

func controls(s *sim.Scenario, q query) []control {
	var cs []control
	for _, p := range s.Params {
		lo, hi := p.Quantile(0.005), p.Quantile(0.995)
		if !p.Uncertain() || !(hi > lo) {
			m := p.Quantile(0.5)
			lo, hi = math.Min(0, 2*m), math.Max(1, 2*m)
		}
		step := math.Pow(10, math.Floor(math.Log10((hi-lo)/50)))
		lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
		c := control{Name: p.Name, Doc: p.Doc, Uncertain: p.Uncertain(),
			Min: fmtNum(lo), Max: fmtNum(hi), Step: fmtNum(step), Value: fmtNum(roundTo(p.Quantile(0.5), step))}
		for _, kv := range q.Sets {
			if kv[0] == p.Name {
				c.Fixed, c.Value = true, kv[1]
			}
		}
		cs = append(cs, c)
	}
	return cs
}

func roundTo(x, step float64) float64 { return math.Round(x/step) * step }

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// result is what the explorer shows for one view.
type result struct {
	Table   reports.Table
	Outcome []reports.Table // payoffs
	Chart   template.HTML
	CLI     string
	Link    string
	Prov    string
	Err     string
}

// run solves the view with the server's caps on worlds and time. The
// overrides are applied to the compiled scenario (sim's WithFixed, then
// the variants, in the CLI's order) rather than by parsing the file
// again, which would cost more than the run.
func (s *Server) run(ctx context.Context, e Entry, v url.Values) (*sim.Scenario, query, result) {
	var res result
	base, err := s.base(e)
	if err != nil {
		res.Err = err.Error()
		return nil, query{}, res
	}
	q, err := parseQuery(v, base, s.opt.Iterations, s.opt.MaxIterations)
	if err != nil {
		res.Err = err.Error()
		return base, q, res
	}
	key := e.ID + "?" + q.encode()
	if r, ok := s.results.get(key); ok {
		return base, q, r
	}
	res.CLI = q.cli(e)
	res.Link = "/explore/" + url.PathEscape(e.ID) + "?" + q.encode()
	sc, err := q.apply(base)
	if err != nil {
		res.Err = err.Error()
		return base, q, res
	}
	ctx, cancel := context.WithTimeout(ctx, s.opt.RunTimeout)
	defer cancel()
	// One worker: the classroom shares the machine, and results do not
	// depend on the worker count.
	r, err := sim.Run(ctx, sc, sim.Options{Iterations: q.N, Seed: q.Seed, Workers: 1})
	if err != nil {
		if errors.Is(err, sim.ErrCanceled) {
			err = fmt.Errorf("the run took longer than %s: ask for fewer worlds", s.opt.RunTimeout)
		}
		res.Err = err.Error()
		return base, q, res
	}
	res.Table = reports.OutcomeTable(r)
	res.Outcome = []reports.Table{reports.PayoffTable(r)}
	if res.Chart, err = outcomeChart(r); err != nil {
		res.Err = err.Error()
		return base, q, res
	}
	doc := &reports.Document{Provenance: reports.Provenance(r)}
	reports.Overrides{Sets: q.sets()}.Apply(doc)
	res.Prov = doc.Provenance
	s.results.put(key, res)
	return base, q, res
}

// apply fixes the query's parameters and applies its variants.
func (q query) apply(base *sim.Scenario) (*sim.Scenario, error) {
	sc := base
	for _, kv := range q.Sets {
		x, err := strconv.ParseFloat(kv[1], 64)
		if err != nil {
			return nil, err
		}
		if sc, err = sc.WithFixed(kv[0], x); err != nil {
			return nil, err
		}
	}
	if sc != base {
		c := *sc
		c.Variant = base.Variant // a fixed value is an override, not a variant, as for --set
		sc = &c
	}
	return sc.WithVariant(q.Variants...)
}

type variantToggle struct {
	Name, Doc string
	On        bool
}

func (s *Server) explore(w http.ResponseWriter, r *http.Request) {
	e, ok := s.cat.get(r.PathValue("id"))
	if !ok {
		s.fail(w, http.StatusNotFound, "no such scenario in this server's library")
		return
	}
	base, q, res := s.run(r.Context(), e, r.URL.Query())
	if base == nil {
		s.fail(w, http.StatusInternalServerError, res.Err)
		return
	}
	var vs []variantToggle
	for _, v := range base.Variants {
		vs = append(vs, variantToggle{v.Name, v.Doc, slices.Contains(q.Variants, v.Name)})
	}
	if res.Err != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	s.render(w, "explore", struct {
		Title    string
		Entry    Entry
		Controls []control
		Variants []variantToggle
		Q        query
		MaxN     int64
		R        result
	}{"Explore " + e.Title, e, controls(base, q), vs, q, s.opt.MaxIterations, res})
}

// exploreResult is the fragment the page swaps in as controls move.
func (s *Server) exploreResult(w http.ResponseWriter, r *http.Request) {
	e, ok := s.cat.get(r.PathValue("id"))
	if !ok {
		s.fail(w, http.StatusNotFound, "no such scenario in this server's library")
		return
	}
	_, _, res := s.run(r.Context(), e, r.URL.Query())
	if res.Err != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	s.render(w, "result", res)
}
