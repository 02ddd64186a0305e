package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
)

// explain draws one world of the scenario the way `parley explain`
// prints it. Each model form has its own view (explain_tree.go, ...);
// forms without one yet get a note pointing to the explorer.
func (s *Server) explain(w http.ResponseWriter, r *http.Request) {
	e, ok := s.cat.get(r.PathValue("id"))
	if !ok {
		s.fail(w, http.StatusNotFound, "no such scenario in this server's library")
		return
	}
	base, err := s.base(e)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	v := r.URL.Query()
	q, err := parseQuery(v, base, s.opt.Iterations, s.opt.MaxIterations)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err.Error())
		return
	}
	iter := int64(-1)
	if x := v.Get("iteration"); x != "" {
		if iter, err = strconv.ParseInt(x, 10, 64); err != nil || iter < 0 || iter >= sim.MaxIterations {
			s.fail(w, http.StatusBadRequest, "iteration: expected a world of a run, from 0 to "+strconv.FormatInt(sim.MaxIterations-1, 10))
			return
		}
	}
	sc, err := q.apply(base)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err.Error())
		return
	}
	page := explainPage{Title: "Explain " + e.Title, Entry: e, Form: sc.Form(), Iteration: iter, CLI: explainCLI(e, q, iter)}
	ex, err := sc.Explain(iter, q.Seed)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err.Error())
		return
	}
	page.Values = ex.Values
	switch {
	case ex.Root != nil && ex.Root.Kind == "trajectory":
		// A spatial model's rounds: the table parley explain prints.
		var b strings.Builder
		if err := reports.WriteExplain(&b, reports.Plain, ex); err != nil {
			s.fail(w, http.StatusInternalServerError, err.Error())
			return
		}
		page.Text = b.String()
	case ex.Root != nil:
		page.Tree = drawTree(ex)
	case ex.Matrix != nil:
		page.Matrix = explainMatrix(ex)
	case ex.Issues != nil:
		page.Issues = explainIssues(ex)
	}
	s.render(w, "explain", page)
}

// explainPage is what every form's explain view shows around its drawing.
type explainPage struct {
	Title     string
	Entry     Entry
	Form      string
	Iteration int64
	CLI       string
	Values    []sim.NamedValue
	Tree      *treeDrawing
	Text      string // a form explained as text only (the spatial trajectory)
	Issues    *issuesView
	Matrix    *matrixExplain
}

func explainCLI(e Entry, q query, iter int64) string {
	cmd := "parley explain " + cliName(e)
	for _, s := range q.sets() {
		cmd += " --set " + shellQuote(s)
	}
	for _, v := range q.Variants {
		cmd += " --variant " + shellQuote(v)
	}
	if iter >= 0 {
		cmd += " --iteration " + strconv.FormatInt(iter, 10) + " --seed " + strconv.FormatUint(q.Seed, 10)
	}
	return cmd
}
