package reports

import (
	"bufio"
	"io"
	"strconv"

	"github.com/parley-dev/parley/sim"
)

// SamplesCSV writes one CSV row per world: iteration, every parameter and
// derived value, the outcome, the path and every party's payoff. It
// implements sim.SampleWriter.
type SamplesCSV struct {
	w        *bufio.Writer
	outcomes []string
	paths    []string
	buf      []byte
}

// NewSamplesCSV writes the header for s and returns the writer. Call
// Flush when the run is over.
func NewSamplesCSV(w io.Writer, s *sim.Scenario) (*SamplesCSV, error) {
	sw := &SamplesCSV{w: bufio.NewWriterSize(w, 1<<16)}
	for _, o := range s.Outcomes {
		sw.outcomes = append(sw.outcomes, o.ID)
	}
	if t := s.Tallies(); len(t) > 0 {
		sw.paths = t[0].Labels
	}
	sw.buf = append(sw.buf, "iteration"...)
	for _, name := range s.Slots() {
		sw.buf = appendCSVField(append(sw.buf, ','), name)
	}
	sw.buf = append(sw.buf, ",outcome,path"...)
	for _, p := range s.Parties {
		sw.buf = appendCSVField(append(sw.buf, ','), "payoff_"+p.ID)
	}
	for _, m := range s.Metrics() {
		sw.buf = appendCSVField(append(sw.buf, ','), m)
	}
	sw.buf = append(sw.buf, '\n')
	_, err := sw.w.Write(sw.buf)
	return sw, err
}

// WriteSamples writes a batch of worlds.
func (sw *SamplesCSV) WriteSamples(b *sim.SampleBatch) error {
	for k := 0; k < b.N; k++ {
		buf := strconv.AppendInt(sw.buf[:0], b.Start+int64(k), 10)
		for _, x := range b.X[k*b.Slots : (k+1)*b.Slots] {
			buf = strconv.AppendFloat(append(buf, ','), x, 'g', -1, 64)
		}
		buf = append(append(buf, ','), sw.outcomes[b.Outcome[k]]...)
		buf = append(buf, ',')
		if p := b.Path[k]; p >= 0 && p < len(sw.paths) {
			buf = appendCSVField(buf, sw.paths[p])
		}
		for _, x := range b.Payoff[k*b.Parties : (k+1)*b.Parties] {
			buf = strconv.AppendFloat(append(buf, ','), x, 'g', -1, 64)
		}
		buf = append(buf, '\n')
		if _, err := sw.w.Write(buf); err != nil {
			return err
		}
		sw.buf = buf
	}
	return nil
}

// Flush writes what is buffered.
func (sw *SamplesCSV) Flush() error { return sw.w.Flush() }

func appendCSVField(buf []byte, s string) []byte {
	quote := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"')
}
