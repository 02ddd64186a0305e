package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	Seed       uint64        `json:"seed"`
	Iterations int64         `json:"iterations"`
	Requested  int64         `json:"requested"`
	Precision  float64       `json:"precision"`
	Partial    bool          `json:"partial"`
	Shard      *ShardJSON    `json:"shard,omitempty"`
	Version    string        `json:"version"`
	Provenance string        `json:"provenance"`
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
		Variant: r.Variant, Seed: r.Seed, Iterations: r.Iterations, Requested: r.Requested,
		Precision: r.Precision, Partial: r.Partial, Version: r.Version, Provenance: Provenance(r),
		Outcomes: []OutcomeJSON{}, Payoffs: []PayoffJSON{}, Tallies: []TallyJSON{}, TieWorlds: r.TieWorlds}
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

// MaxShardSize bounds the JSON ReadShard reads, so that a wrong file (or
// a device such as /dev/zero) fails instead of filling memory.
const MaxShardSize = 256 << 20

// sizeWords writes a limit in MiB, or in bytes below one.
func sizeWords(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d-byte", n)
}

// shardChecksum is the SHA-256 of a shard document's JSON without its
// checksum. Decoding and re-encoding a document gives the same bytes (the
// fields are fixed and floats are written in their shortest exact form),
// so the reader recomputes it from what it decoded.
func shardChecksum(doc *RunJSON) string {
	c := *doc
	c.Checksum = ""
	b, err := json.Marshal(&c)
	if err != nil {
		return "" // matches no written checksum
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// ReadShard reads a shard's JSON document back into a mergeable result.
// It refuses, naming the file and the JSON field of every problem: JSON
// with unknown keys or anything after the document, another schema, a
// shard index outside 1..count, a state inconsistent with itself or with
// the shard's iteration range (sim.ValidateState), and a checksum that
// does not match (an edited or corrupted file).
func ReadShard(name string, rd io.Reader) (*sim.Result, error) {
	return readShard(name, rd, MaxShardSize)
}

func readShard(name string, rd io.Reader, limit int64) (*sim.Result, error) {
	var doc RunJSON
	lr := &io.LimitedReader{R: rd, N: limit + 1}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("%s: larger than the %s limit for shard files", name, sizeWords(limit))
		}
		return nil, fmt.Errorf("%s: read run json: %w", name, err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("%s: unexpected data after the json document (at byte %d)", name, dec.InputOffset())
	}
	if doc.Schema != RunSchema {
		return nil, fmt.Errorf("%s: schema: %q, want %q", name, doc.Schema, RunSchema)
	}
	if doc.State == nil || doc.Shard == nil {
		return nil, fmt.Errorf("%s: no merge state: only the JSON of a run with --shard k/n can be merged", name)
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s: %s", name, field, fmt.Sprintf(format, args...)))
	}
	if doc.Checksum == "" {
		bad("checksum", "missing: the shard was written by an older parley or edited; run the shard again")
	} else if doc.Checksum != shardChecksum(&doc) {
		// The right value is not printed: pasting it in would hide the edit.
		bad("checksum", "%.80q does not match the content: the file was edited or corrupted; run the shard again", doc.Checksum)
	}
	if doc.Shard.Count < 1 {
		bad("shard.count", "%d, want 1 or more", doc.Shard.Count)
	} else if doc.Shard.Index < 1 || doc.Shard.Index > doc.Shard.Count {
		bad("shard.index", "%d, want 1 to %d (shard.count)", doc.Shard.Index, doc.Shard.Count)
	}
	if doc.Requested < 1 {
		bad("requested", "%d worlds, want 1 or more", doc.Requested)
	}
	if doc.Precision != 0 {
		bad("precision", "%v: a shard cannot stop on precision", doc.Precision)
	}
	if doc.Iterations != doc.State.N {
		bad("iterations", "%d, but state.n is %d", doc.Iterations, doc.State.N)
	}
	if len(errs) > 0 && (doc.Shard.Count < 1 || doc.Shard.Index < 1 || doc.Shard.Index > doc.Shard.Count || doc.Requested < 1) {
		return nil, errors.Join(errs...) // the state's checks need a sound shard and requested
	}
	r := &sim.Result{Scenario: doc.Scenario, Title: doc.Title, Hash: doc.Hash, Form: doc.Form, Variant: doc.Variant,
		Seed: doc.Seed, Requested: doc.Requested, Precision: doc.Precision, Partial: doc.Partial,
		Shard: sim.Shard{Index: doc.Shard.Index - 1, Count: doc.Shard.Count}, Version: doc.Version}
	if err := r.WithState(doc.State); err != nil {
		var se *sim.StateError
		if errors.As(err, &se) {
			for _, p := range se.Problems {
				bad("state."+p.Path, "%s", p.Msg)
			}
		} else {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
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
