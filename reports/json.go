package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/parley-dev/parley/sim"
)

// RunSchema names the version of the run JSON document. A change that
// removes or renames a key bumps it; adding keys does not.
const RunSchema = "parley.run/v1"

// RunJSON is the JSON document of one run (docs/json-schema.md).
type RunJSON struct {
	Schema     string        `json:"schema"`
	Scenario   string        `json:"scenario"`
	Title      string        `json:"title"`
	Hash       string        `json:"hash"`
	Form       string        `json:"form"`
	Variant    string        `json:"variant"`
	Ties       string        `json:"ties,omitempty"` // tree models: the tie rule, when not the default split
	Seed       uint64        `json:"seed"`
	Iterations int64         `json:"iterations"`
	Requested  int64         `json:"requested"`
	Precision  float64       `json:"precision"`
	Partial    bool          `json:"partial"`
	Shard      *ShardJSON    `json:"shard,omitempty"`
	Version    string        `json:"version"`
	Provenance string        `json:"provenance"`
	Overrides  *Overrides    `json:"overrides,omitempty"` // every --set and --variant applied; absent from older shards
	Outcomes   []OutcomeJSON `json:"outcomes"`
	Payoffs    []PayoffJSON  `json:"payoffs"`
	Metrics    []PayoffJSON  `json:"metrics,omitempty"`
	Paths      []RowJSON     `json:"paths,omitempty"`    // tree models: equilibrium paths
	Packages   []RowJSON     `json:"packages,omitempty"` // issues models: agreed packages
	Blockers   []RowJSON     `json:"blockers,omitempty"` // issues models: what blocked a deal
	Tallies    []TallyJSON   `json:"tallies"`
	TieWorlds  int64         `json:"tie_worlds"`
	State      *sim.State    `json:"state,omitempty"` // raw counts, in shard runs only: see parley merge

	// PrecisionReached is present with --precision only: false when the
	// iteration cap stopped the run first.
	PrecisionReached *bool `json:"precision_reached,omitempty"`

	// Checksum seals a shard's document (sha256 of the rest of it), so
	// that parley merge refuses an edited or corrupted shard.
	Checksum string `json:"checksum,omitempty"`
}

// ShardJSON says which part of a split run a document covers (1-based).
type ShardJSON struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// OutcomeJSON is one outcome.
type OutcomeJSON struct {
	ID          string  `json:"id"`
	Label       string  `json:"label"`
	Count       int64   `json:"count"`
	Probability float64 `json:"probability"`
	CILow       float64 `json:"ci_low"`
	CIHigh      float64 `json:"ci_high"`
}

// PayoffJSON is one party's payoff summary.
type PayoffJSON struct {
	Party      string  `json:"party"`
	Name       string  `json:"name"`
	Mean       float64 `json:"mean"`
	MeanCILow  float64 `json:"mean_ci_low"`
	MeanCIHigh float64 `json:"mean_ci_high"`
	SD         float64 `json:"sd"`
	P5         float64 `json:"p5"`
	P50        float64 `json:"p50"`
	P95        float64 `json:"p95"`
}

// RowJSON is one row of a tally.
type RowJSON struct {
	Label       string  `json:"label"`
	Count       int64   `json:"count"`
	Probability float64 `json:"probability"`
	CILow       float64 `json:"ci_low"`
	CIHigh      float64 `json:"ci_high"`
}

// TallyJSON is a model tally, rows most frequent first.
type TallyJSON struct {
	Name  string    `json:"name"`
	Title string    `json:"title"`
	Multi bool      `json:"multi"`
	Rows  []RowJSON `json:"rows"`
}

func outcomesJSON(os []sim.OutcomeStat) []OutcomeJSON {
	out := []OutcomeJSON{}
	for _, o := range os {
		out = append(out, OutcomeJSON{o.ID, o.Label, o.Count, o.Probability, o.Low, o.High})
	}
	return out
}

func payoffJSON(p sim.PayoffStat) PayoffJSON {
	return PayoffJSON{p.Party, p.Name, p.Mean, p.MeanLow, p.MeanHigh, p.SD, p.P5, p.P50, p.P95}
}

// RunDocument builds the JSON document of a run.
func RunDocument(r *sim.Result) *RunJSON {
	doc := &RunJSON{Schema: RunSchema, Scenario: r.Scenario, Title: r.Title, Hash: r.Hash, Form: r.Form,
		Variant: r.Variant, Ties: r.Ties, Seed: r.Seed, Iterations: r.Iterations, Requested: r.Requested,
		Precision: r.Precision, Partial: r.Partial, Version: r.Version, Provenance: Provenance(r),
		Overrides: new(Overrides{}.clean()), Outcomes: []OutcomeJSON{}, Payoffs: []PayoffJSON{}, Tallies: []TallyJSON{}, TieWorlds: r.TieWorlds}
	if r.Shard.Count > 0 {
		doc.Shard = &ShardJSON{r.Shard.Index + 1, r.Shard.Count}
		doc.State = r.State()
		defer func() { doc.Checksum = shardChecksum(doc) }() // once every field is set
	}
	if r.Precision > 0 {
		doc.PrecisionReached = &r.PrecisionReached
	}
	doc.Outcomes = outcomesJSON(r.Outcomes)
	for _, p := range r.Payoffs {
		doc.Payoffs = append(doc.Payoffs, payoffJSON(p))
	}
	for _, p := range r.Metrics {
		doc.Metrics = append(doc.Metrics, payoffJSON(p))
	}
	for _, t := range r.Tallies {
		tj := TallyJSON{Name: t.Name, Title: t.Title, Multi: t.Multi, Rows: []RowJSON{}}
		for _, row := range sortedRows(t) {
			tj.Rows = append(tj.Rows, RowJSON{row.Label, row.Count, row.Probability, row.Low, row.High})
		}
		switch t.Name {
		case "paths":
			doc.Paths = tj.Rows
		case "packages":
			doc.Packages = tj.Rows
		case "blockers":
			doc.Blockers = tj.Rows
		}
		doc.Tallies = append(doc.Tallies, tj)
	}
	return doc
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	return nil
}

// Number is a number that JSON writes as null when it is NaN or ±Inf
// (JSON has no such numbers): never as 0, which would read as a value.
// A null is a statistic of no worlds (iterations 0), or one beyond
// float64, such as the sd of payoffs near ±1e308. Finite numbers are
// written as encoding/json writes a float64.
type Number float64

func (x Number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// MarshalJSON writes non-finite numbers as null.
func (o OutcomeJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID          string `json:"id"`
		Label       string `json:"label"`
		Count       int64  `json:"count"`
		Probability Number `json:"probability"`
		CILow       Number `json:"ci_low"`
		CIHigh      Number `json:"ci_high"`
	}{o.ID, o.Label, o.Count, Number(o.Probability), Number(o.CILow), Number(o.CIHigh)})
}

// MarshalJSON writes non-finite numbers as null.
func (p PayoffJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Party      string `json:"party"`
		Name       string `json:"name"`
		Mean       Number `json:"mean"`
		MeanCILow  Number `json:"mean_ci_low"`
		MeanCIHigh Number `json:"mean_ci_high"`
		SD         Number `json:"sd"`
		P5         Number `json:"p5"`
		P50        Number `json:"p50"`
		P95        Number `json:"p95"`
	}{p.Party, p.Name, Number(p.Mean), Number(p.MeanCILow), Number(p.MeanCIHigh), Number(p.SD), Number(p.P5), Number(p.P50), Number(p.P95)})
}

// MarshalJSON writes non-finite numbers as null.
func (r RowJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Label       string `json:"label"`
		Count       int64  `json:"count"`
		Probability Number `json:"probability"`
		CILow       Number `json:"ci_low"`
		CIHigh      Number `json:"ci_high"`
	}{r.Label, r.Count, Number(r.Probability), Number(r.CILow), Number(r.CIHigh)})
}
