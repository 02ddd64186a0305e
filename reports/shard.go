package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/parley-dev/parley/sim"
)

// A shard file is a run's JSON document (RunJSON) with the run's merge
// state (sim.State, under "state") and a checksum sealing the rest. The
// state's fields, their meaning and their checks live in package sim
// (state.go, statecheck.go); this file writes the seal and reads a shard
// back into a mergeable result.

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
	r, _, err := readShard(name, rd, MaxShardSize)
	return r, err
}

// ReadShardOverrides is ReadShard, also returning the overrides (--set,
// --variant) the shard was run with, which the merged document repeats.
// A shard written before they were recorded has none.
func ReadShardOverrides(name string, rd io.Reader) (*sim.Result, Overrides, error) {
	r, doc, err := readShard(name, rd, MaxShardSize)
	if err != nil || doc.Overrides == nil {
		return r, Overrides{}, err
	}
	return r, *doc.Overrides, nil
}

func readShard(name string, rd io.Reader, limit int64) (*sim.Result, *RunJSON, error) {
	var doc RunJSON
	lr := &io.LimitedReader{R: rd, N: limit + 1}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		if lr.N <= 0 {
			return nil, nil, fmt.Errorf("%s: larger than the %s limit for shard files", name, sizeWords(limit))
		}
		return nil, nil, fmt.Errorf("%s: read run json: %w", name, err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, nil, fmt.Errorf("%s: unexpected data after the json document (at byte %d)", name, dec.InputOffset())
	}
	if doc.Schema != RunSchema {
		return nil, nil, fmt.Errorf("%s: schema: %q, want %q", name, doc.Schema, RunSchema)
	}
	if doc.State == nil || doc.Shard == nil {
		return nil, nil, fmt.Errorf("%s: no merge state: only the JSON of a run with --shard k/n can be merged", name)
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
		return nil, nil, errors.Join(errs...) // the state's checks need a sound shard and requested
	}
	r := &sim.Result{Scenario: doc.Scenario, Title: doc.Title, Hash: doc.Hash, Form: doc.Form, Variant: doc.Variant, Ties: doc.Ties,
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
		return nil, nil, errors.Join(errs...)
	}
	return r, &doc, nil
}
