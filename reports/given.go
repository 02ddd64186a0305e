package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// givenPhrase names the observation after "Given".
func givenPhrase(p *analysis.Posterior) string {
	if p.Observation.Outcome != "" {
		name := p.Label
		if name == "" {
			name = p.Observation.Outcome
		}
		return "“" + name + "”"
	}
	return "the " + p.Column + " “" + p.Observation.Path + "”"
}

// GivenSentence reads what the observation says about one parameter.
func GivenSentence(p *analysis.Posterior, pp analysis.ParamPosterior) string {
	if p.Kept == 0 {
		return fmt.Sprintf("No world matches %s: it says nothing measurable about %s.", givenPhrase(p), pp.Param)
	}
	if pp.ShiftLow <= 0 && 0 <= pp.ShiftHigh {
		return fmt.Sprintf("Given %s, nothing shows that %s moved: its matching worlds sit on average at the %s percentile of its prior [%s, %s].",
			givenPhrase(p), pp.Param, pct(pp.Shift+0.5), pct(pp.ShiftLow+0.5), pct(pp.ShiftHigh+0.5))
	}
	way := "at least"
	if pp.Shift < 0 {
		way = "at most"
	}
	return fmt.Sprintf("Given %s, %s was probably %s %s: it is in %s of the %d matching worlds, against %s of worlds before the observation.",
		givenPhrase(p), pp.Param, way, strconv.FormatFloat(pp.Bound, 'g', 3, 64), pct(pp.KeptShare), p.Kept, pct(pp.PriorShare))
}

// givenNotes says how far to trust the posterior: no world, too few
// worlds, or fewer than --precision asked for.
func givenNotes(p *analysis.Posterior) []string {
	switch {
	case p.Kept == 0:
		return []string{fmt.Sprintf("NO WORLD MATCHES %s: none of the %d worlds. Its probability in the model is below %s (95%%); there is no posterior. Check the observation, or sample more: --precision %s runs until %d worlds match.",
			strings.ToUpper(p.Observation.String()), p.Iterations, prob(p.High), suggestPrecision(p), p.Need)}
	case p.Precision > 0 && !p.Enough:
		return []string{fmt.Sprintf("TOO FEW WORLDS MATCH for --precision %g: %d of the %d wanted, when the cap of %d worlds stopped the run. The intervals below say how little is known; raise --iterations.",
			p.Precision, p.Kept, p.Need, p.Requested)}
	case !p.Enough:
		return []string{fmt.Sprintf("TOO FEW WORLDS MATCH: only %d of %d (probability %s [%s, %s]). Read the posterior by its intervals, not its middle values; --precision %s samples until %d match.",
			p.Kept, p.Iterations, prob(p.P), prob(p.Low), prob(p.High), suggestPrecision(p), p.Need)}
	}
	return nil
}

// suggestPrecision is a --precision that asks for a usable posterior.
func suggestPrecision(p *analysis.Posterior) string {
	if p.Precision > 0 {
		return strconv.FormatFloat(p.Precision, 'g', -1, 64)
	}
	return "0.05"
}

// Given builds the report of a run conditioned on an observation: per
// uncertain parameter, its prior and posterior quantiles and how far the
// observation moved it, a chart of both (if chart is set: not for CSV)
// and the largest moves in words. res is the run, for the provenance.
func Given(res *sim.Result, p *analysis.Posterior, chart bool) *Document {
	d := &Document{Provenance: Provenance(res) + " · given " + p.Column + " " + p.Observation.String()}
	if res.Partial {
		d.Notes = append(d.Notes, fmt.Sprintf("PARTIAL RESULT: only %d of %d worlds were solved.", p.Iterations, res.Requested))
	}
	d.Notes = append(d.Notes, givenNotes(p)...)
	t := Table{Name: "posterior", Title: fmt.Sprintf("What %s %s tells about the inputs: %d of %d worlds match (%s [%s, %s])",
		p.Column, p.Observation.String(), p.Kept, p.Iterations, prob(p.P), prob(p.Low), prob(p.High)),
		Header: []string{"parameter", "shift", "shift_ci_low", "shift_ci_high"},
		Align:  []Align{Left, Right, Right, Right}, Intervals: []int{2}, IntervalTitles: []string{"95% CI"}}
	levels := []int{0, 2, 4} // p5, p50, p95 in the table; every level in JSON
	for _, l := range levels {
		name := "p" + strconv.Itoa(int(math.Round(100*analysis.GivenLevels[l])))
		t.Intervals = append(t.Intervals, len(t.Header)+2)
		t.IntervalTitles = append(t.IntervalTitles, "95% CI")
		t.Header = append(t.Header, "prior_"+name, "given_"+name, name+"_ci_low", name+"_ci_high")
		t.Align = append(t.Align, Right, Right, Right, Right)
	}
	for _, pp := range p.Params {
		row := []string{pp.Param, shiftNA(pp.Shift), shiftNA(pp.ShiftLow), shiftNA(pp.ShiftHigh)}
		for _, l := range levels {
			row = append(row, value(pp.Prior[l]), value(pp.Post[l]), value(pp.PostLow[l]), value(pp.PostHigh[l]))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = "Sorted by shift: the average percentile, in its prior, of the parameter in the matching worlds, minus 0.5 (0: the observation says nothing about it; ±0.5: it pins it to an end). Prior quantiles are the distribution's own; the others come from the matching worlds, with distribution-free 95% intervals."
	d.Tables = append(d.Tables, t)
	if chart && p.Kept > 0 {
		d.Tables = append(d.Tables, givenChart(p))
	}
	words := Table{Name: "words", Title: "In plain words", Header: []string{"parameter", "reading"}, Align: []Align{Left, Left}}
	for i, pp := range p.Params {
		if i == 3 {
			break
		}
		words.Rows = append(words.Rows, []string{pp.Param, GivenSentence(p, pp)})
	}
	if p.Kept > 0 {
		d.Tables = append(d.Tables, words)
	}
	return d
}

func shiftNA(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return signed(x)
}

// chartWidth is the number of characters of a chart's strip.
const chartWidth = 33

// givenChart draws each parameter's prior and posterior (p5 to p95, with
// the median) on a common scale.
func givenChart(p *analysis.Posterior) Table {
	t := Table{Name: "chart", Title: "Before and after the observation: p5 ├──●──┤ p95, ● the median",
		Header: []string{"parameter", "", "from", "strip", "to"}, Align: []Align{Left, Left, Right, Left, Left}}
	for _, pp := range p.Params {
		lo, hi := math.Min(pp.Prior[0], pp.Post[0]), math.Max(pp.Prior[4], pp.Post[4])
		t.Rows = append(t.Rows,
			[]string{pp.Param, "prior", value(lo), strip(pp.Prior[0], pp.Prior[2], pp.Prior[4], lo, hi), value(hi)},
			[]string{"", "given", "", strip(pp.Post[0], pp.Post[2], pp.Post[4], lo, hi), ""})
	}
	return t
}

// strip draws [a, c] with b marked on a scale from lo to hi.
func strip(a, b, c, lo, hi float64) string {
	pos := func(x float64) int {
		if !(hi > lo) {
			return 0
		}
		return int(math.Round((x - lo) / (hi - lo) * (chartWidth - 1)))
	}
	line := []rune(strings.Repeat(" ", chartWidth))
	pa, pb, pc := pos(a), pos(b), pos(c)
	for i := pa; i <= pc; i++ {
		line[i] = '─'
	}
	line[pa], line[pc] = '├', '┤'
	line[pb] = '●'
	return strings.TrimRight(string(line), " ")
}

// GivenSchema names the given JSON document's version.
const GivenSchema = "parley.given/v1"

// GivenJSON is the JSON document of a run with --given.
type GivenJSON struct {
	HeaderJSON
	Observed      string           `json:"observed"`
	ObservedKind  string           `json:"observed_kind"`
	ObservedLabel string           `json:"observed_label,omitempty"`
	Kept          int64            `json:"kept"`
	Probability   Number           `json:"probability"`
	CILow         Number           `json:"ci_low"`
	CIHigh        Number           `json:"ci_high"`
	Needed        int64            `json:"needed"`
	Enough        bool             `json:"enough"`
	Levels        []float64        `json:"levels"`
	Parameters    []ParamGivenJSON `json:"parameters"`
	Run           *RunJSON         `json:"run,omitempty"`
}

// ParamGivenJSON is one parameter's prior and posterior.
type ParamGivenJSON struct {
	Parameter     string   `json:"parameter"`
	Shift         Number   `json:"shift"`
	ShiftLow      Number   `json:"shift_ci_low"`
	ShiftHigh     Number   `json:"shift_ci_high"`
	PriorMean     Number   `json:"prior_mean"`
	PosteriorMean Number   `json:"posterior_mean"`
	Prior         []Number `json:"prior"`
	Posterior     []Number `json:"posterior"`
	PosteriorLow  []Number `json:"posterior_ci_low"`
	PosteriorHigh []Number `json:"posterior_ci_high"`
	Sentence      string   `json:"sentence"`
}

// GivenDocument builds the JSON document; with withRun, the run's own
// document is included whole as "run".
func GivenDocument(res *sim.Result, p *analysis.Posterior, withRun bool) *GivenJSON {
	doc := &GivenJSON{HeaderJSON: header(GivenSchema, p.Stamp, Given(res, p, false).Provenance), Observed: p.Observation.String(),
		ObservedKind: p.Column, ObservedLabel: p.Label, Kept: p.Kept, Probability: Number(p.P), CILow: Number(p.Low), CIHigh: Number(p.High),
		Needed: p.Need, Enough: p.Enough, Levels: analysis.GivenLevels, Parameters: []ParamGivenJSON{}}
	doc.Iterations = p.Iterations
	for _, pp := range p.Params {
		doc.Parameters = append(doc.Parameters, ParamGivenJSON{Parameter: pp.Param, Shift: Number(pp.Shift), ShiftLow: Number(pp.ShiftLow), ShiftHigh: Number(pp.ShiftHigh),
			PriorMean: Number(pp.PriorMean), PosteriorMean: Number(pp.PostMean), Prior: numbers(pp.Prior), Posterior: numbers(pp.Post),
			PosteriorLow: numbers(pp.PostLow), PosteriorHigh: numbers(pp.PostHigh), Sentence: GivenSentence(p, pp)})
	}
	if withRun {
		doc.Run = RunDocument(res)
	}
	return doc
}
