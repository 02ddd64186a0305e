package scenarios

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/suggest"
	"go.yaml.in/yaml/v3"
)

// Options controls how a scenario is read.
type Options struct {
	// Sets are overrides, each "key.path=value": exact keys, list indices
	// as numbers. A value replaces the node at the path, so
	// parameters.x=3 fixes a parameter that had a distribution.
	Sets []string
}

// Load reads a scenario from a file, or, when no such file exists and the
// name has no path separator or .yaml ending, from the bundled scenario
// with that id.
func Load(name string, opt Options) (*sim.Scenario, error) {
	data, err := ReadFile(name, MaxScenarioSize, "scenario files")
	if err != nil {
		if _, big := err.(*TooLargeError); big {
			return nil, err
		}
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, ".yaml") {
			if b, ok := bundled(name); ok {
				return Parse(name+".yaml", b, opt)
			}
			return nil, fmt.Errorf("no file %q and no bundled scenario of that name (have %s)", name, strings.Join(bundledIDs(), ", "))
		}
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return Parse(name, data, opt)
}

// Parse reads a scenario from data; file names it in errors. The error,
// if any, is an ErrorList holding every problem found.
func Parse(file string, data []byte, opt Options) (*sim.Scenario, error) {
	d := newDecoder(file, data)
	root, e := readYAML(file, data)
	if e != nil {
		return nil, ErrorList{e}
	}
	for _, s := range opt.Sets {
		if err := d.applySet(root, s); err != nil {
			d.errs = append(d.errs, err)
		}
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	d.budget = countNodes(root) + extraWork
	spec, ok := d.read(root)
	d.merged = nil // the located scenario keeps d; not the YAML nodes
	if !ok || len(d.errs) > 0 || spec == nil {
		d.errs.sort()
		return nil, d.errs
	}
	s, err := sim.Compile(spec)
	if err != nil {
		var ps sim.Problems
		if !errors.As(err, &ps) {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, p := range ps {
			d.errs = append(d.errs, d.locate(p))
		}
		d.errs.sort()
		return nil, d.errs
	}
	h := sha256.New()
	h.Write(data)
	for _, set := range opt.Sets {
		h.Write([]byte{0})
		h.Write([]byte(set))
	}
	s.Hash = hex.EncodeToString(h.Sum(nil))[:12]
	s.File = file
	s.Locate = func(path string) (int, int) {
		e := d.locate(sim.Problem{Path: path, Offset: -1})
		return e.Line, e.Col
	}
	s.LocateAt = func(path string, offset int) (int, int) {
		e := d.locate(sim.Problem{Path: path, Offset: offset})
		return e.Line, e.Col
	}
	return s, nil
}

func newDecoder(file string, data []byte) *decoder {
	return &decoder{file: file, data: data, at: map[pathKey]pos{}, sets: map[*yaml.Node]string{}, maxTree: maxTreeNodes,
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// read decodes the scenario, stopping when aliases and merges expand it
// beyond the decoder's budget (the error is then in d.errs).
func (d *decoder) read(root *yaml.Node) (spec *sim.Spec, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, stop := r.(errTooMuchWork); !stop {
				panic(r)
			}
			spec, ok = nil, false
		}
	}()
	return d.scenario(root), true
}

// locate turns a sim problem's key path into a file position: the path
// itself if the decoder saw it, else its nearest recorded ancestor.
func (d *decoder) locate(p sim.Problem) *Error {
	e := &Error{File: d.file, Path: p.Path, Err: errors.New(p.Msg)}
	path := p.Path
	if _, ok := d.posAt(path + "#key"); ok && p.Offset < 0 {
		// A problem with an entry rather than inside its expression, such
		// as a payoff for an unknown party: point at the entry's key.
		path += "#key"
	}
	for {
		if at, ok := d.posAt(path); ok {
			e.Line, e.Col = at.line, at.col
			if path == p.Path && p.Offset >= 0 {
				switch {
				case at.setBy != "": // not in the file: point at what it replaced
				case at.style == 0 || at.style == yaml.FlowStyle || at.style == yaml.DoubleQuotedStyle || at.style == yaml.SingleQuotedStyle:
					e.Line, e.Col = scalarOffset(d.data, at, at.lead+p.Offset)
				}
			}
			setBy := at.setBy
			if setBy == "" {
				setBy = d.setNear(p.Path)
			}
			if setBy != "" {
				e.Err = fmt.Errorf("%s (value from --set %s)", p.Msg, setBy)
			}
			return e
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			if at, ok := d.posAt(""); ok {
				e.Line, e.Col = at.line, at.col
			}
			return e
		}
		path = path[:i]
	}
}

// readYAML parses data as one YAML document.
func readYAML(file string, data []byte) (*yaml.Node, *Error) {
	if i := invalidUTF8(data); i >= 0 {
		line, col := position(data, i)
		return nil, &Error{File: file, Line: line, Col: col,
			Err: fmt.Errorf("expected UTF-8 text, found the byte %#x (save the file as UTF-8)", data[i])}
	}
	// A Gambit game given to run or validate, a slip for solve: say so
	// rather than quote it back as a malformed scenario.
	for _, head := range []string{"NFG ", "EFG "} {
		if bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte(head)) {
			line, col := position(data, len(data)-len(bytes.TrimLeft(data, " \t\r\n")))
			return nil, &Error{File: file, Line: line, Col: col,
				Err: fmt.Errorf("expected a scenario, found what looks like a Gambit game (%s...): use parley solve %s", strings.TrimSpace(head), file)}
		}
	}
	docs, err := yamlDocs(data)
	if err != nil {
		return nil, syntaxError(file, data, err)
	}
	if len(docs) == 0 || isNull(docs[0]) {
		return nil, &Error{File: file, Line: 1, Col: 1, Err: errors.New("the file is empty: expected a scenario")}
	}
	for _, doc := range docs[1:] {
		if !isNull(doc) {
			return nil, &Error{File: file, Line: doc.Line, Col: doc.Column,
				Err: errors.New("expected one scenario, found a second YAML document after ---: put each scenario in a file of its own")}
		}
	}
	return docs[0], nil
}

// yamlDocs parses every document in data.
func yamlDocs(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err == io.EOF {
			return docs, nil
		} else if err != nil {
			return nil, err
		}
		docs = append(docs, &doc)
	}
}

// isNull reports whether a document holds nothing, as after a trailing ---.
func isNull(doc *yaml.Node) bool {
	if len(doc.Content) == 0 {
		return true
	}
	n := doc.Content[0]
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == ""
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// position returns the 1-based line and column (in characters, as yaml
// counts them) of byte offset i.
func position(data []byte, i int) (line, col int) {
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	return bytes.Count(data[:start], []byte{'\n'}) + 1, utf8.RuneCount(data[start:i]) + 1
}

// maxSyntaxScan bounds the lines syntaxError re-parses to find a fault.
const maxSyntaxScan = 2000

// scalarOffset returns the position in data of the character at offset
// off (in characters) of the value of the plain or quoted scalar at. A
// long expression may span lines, which YAML folds into one, and a quoted
// one may hold escapes, so the position is found by reading the source.
func scalarOffset(data []byte, at pos, off int) (line, col int) {
	line, col = at.line, at.col
	i := 0
	for l := 1; l < line && i < len(data); l++ { // the start of the line
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return at.line, at.col
		}
		i += j + 1
	}
	for c := 1; c < col && i < len(data); c++ {
		_, size := utf8.DecodeRune(data[i:])
		i += size
	}
	quote := byte(0)
	if at.style == yaml.DoubleQuotedStyle || at.style == yaml.SingleQuotedStyle {
		quote = data[min(i, len(data)-1)]
		i++
		col++
	}
	step := func() { // one character of source
		r, size := utf8.DecodeRune(data[i:])
		i += size
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	for n := 0; n < off && i < len(data); {
		switch c := data[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			// A run of space holding line breaks folds: one break to one
			// space, k breaks to k-1 newlines.
			j, breaks := i, 0
			for ; j < len(data) && strings.IndexByte(" \t\r\n", data[j]) >= 0; j++ {
				if data[j] == '\n' {
					breaks++
				}
			}
			if breaks == 0 {
				step()
				n++
				continue
			}
			for i < j {
				step()
			}
			n += max(1, breaks-1)
		case quote == '"' && c == '\\' && i+1 < len(data):
			width := map[byte]int{'x': 4, 'u': 6, 'U': 10}[data[i+1]]
			if data[i+1] == '\n' || data[i+1] == '\r' { // an escaped line break joins lines
				step()
				for i < len(data) && strings.IndexByte(" \t\r\n", data[i]) >= 0 {
					step()
				}
				continue
			}
			for range max(2, width) {
				if i < len(data) {
					step()
				}
			}
			n++
		case quote == '\'' && c == '\'' && i+1 < len(data) && data[i+1] == '\'':
			step()
			step()
			n++
		default:
			step()
			n++
		}
	}
	return line, col
}

// setNear returns the --set that replaced the value at path, or one
// inside it, or "". A problem found there may be the override's doing even
// when it is reported at a key the override left in place, as a
// distribution's arguments are reported at the distribution's name.
func (d *decoder) setNear(path string) string {
	for i := len(d.setAt) - 1; i >= 0; i-- { // the last one wins
		s := d.setAt[i]
		if s.path == path || strings.HasPrefix(path, s.path+".") || strings.HasPrefix(s.path, path+".") {
			return s.set
		}
	}
	return ""
}

// syntaxError positions a YAML syntax error. yaml.v3 reports "yaml: line
// N: msg" without a column, and N is where the enclosing construct began
// (a mapping, a flow collection, a scalar), not the fault; for parser
// errors it is also one line early. So the fault's line is found again:
// it is the first line at which the file, cut after that line, fails with
// the very same error. The column is then read from that line's text.
func syntaxError(file string, data []byte, err error) *Error {
	full := err.Error()
	msg := strings.TrimPrefix(full, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	line = max(line, 1)
	lines := bytes.SplitAfter(data, []byte{'\n'})
	line, _ = faultLine(data, lines, line, full)
	text := ""
	if line <= len(lines) {
		text = strings.TrimRight(string(lines[line-1]), "\r\n")
	}
	col, hint := syntaxColumn(text, msg, data)
	// The parser names a tab in the indentation by its rule ("violates
	// indentation") or, as the first indentation of a block, not at all
	// ("cannot start any token"): say what is wrong and where.
	indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	if i := strings.IndexByte(indent, '\t'); strings.Contains(msg, "tab character") ||
		i >= 0 && msg == "found character that cannot start any token" {
		msg, hint = "tabs are not allowed in YAML indentation", "; indent with spaces"
		if i >= 0 {
			col = utf8.RuneCountInString(text[:i]) + 1
		}
	}
	return &Error{File: file, Line: line, Col: col, Err: fmt.Errorf("invalid YAML: %s%s", msg, hint)}
}

// maxSyntaxWork bounds the bytes faultLine re-parses line by line; beyond
// it (a large file whose error is reported far above its fault) it
// bisects instead.
const maxSyntaxWork = 64 << 20

// faultLine returns the first line from line on (up to maxSyntaxScan
// lines further) at which data, cut after that line, fails with the error
// full; line itself when none does. It also returns how many cuts it
// parsed.
func faultLine(data []byte, lines [][]byte, line int, full string) (int, int) {
	ends := make([]int, len(lines)+1) // ends[i]: the offset after line i (1-based)
	for i, l := range lines {
		ends[i+1] = ends[i] + len(l)
	}
	last := min(len(lines), line+maxSyntaxScan)
	parses := 0
	fails := func(i int) bool {
		parses++
		_, err := yamlDocs(data[:ends[i]])
		return err != nil && err.Error() == full
	}
	work := 0
	for i := line; i <= last; i++ {
		work += ends[i]
	}
	if work <= maxSyntaxWork {
		for i := line; i <= last; i++ {
			if fails(i) {
				return i, parses
			}
		}
		return line, parses
	}
	// Bisect, taking a cut after the fault to fail as the file does and a
	// cut before it not to.
	if last < line || !fails(last) {
		return line, parses
	}
	lo, hi := line, last
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, parses
}

var (
	unknownAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
	anchorRE        = regexp.MustCompile(`&([^\s,\[\]{}]+)`)
)

// syntaxColumn finds the column of a YAML syntax error in the text of its
// line, and a hint at the usual cause.
func syntaxColumn(text, msg string, data []byte) (col int, hint string) {
	at := func(i int) int { return utf8.RuneCountInString(text[:i]) + 1 }
	col = at(len(text) - len(strings.TrimLeft(text, " \t")))
	if col > utf8.RuneCountInString(text) {
		col = 1
	}
	switch {
	case strings.HasPrefix(msg, "did not find expected ',' or"):
		var open []int
		for i := 0; i < len(text); i++ {
			switch text[i] {
			case '{', '[':
				open = append(open, i)
			case '}', ']':
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			}
		}
		if len(open) > 0 {
			col = at(open[0])
			hint = fmt.Sprintf(" (this %c is never closed)", text[open[0]])
		} else {
			hint = " (is a comma missing between entries?)"
		}
	case msg == "mapping values are not allowed in this context":
		// Usually a value holding ": ", as in "label: Offer: 5%".
		if i := strings.Index(text, ": "); i >= 0 {
			if j := strings.Index(text[i+2:], ":"); j >= 0 {
				col = at(i + 2 + j)
			}
		}
		hint = ` (put a value that contains ": " in quotes)`
	case msg == "did not find expected key" || strings.HasPrefix(msg, "did not find expected '-'"):
		hint = " (check the indentation of this line)"
	case msg == "could not find expected ':'":
		hint = " (is the : after a key missing?)"
	case msg == "found unexpected end of stream":
		for _, q := range []string{`"`, "'"} {
			if strings.Count(text, q)%2 == 1 {
				col = at(strings.LastIndex(text, q))
				hint = " (this quote is never closed)"
			}
		}
	case msg == "found character that cannot start any token":
		if i := strings.IndexAny(text, "@`"); i >= 0 {
			col = at(i)
			hint = fmt.Sprintf(" (put a value that starts with %c in quotes)", text[i])
		}
	default:
		if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
			if i := strings.Index(text, "*"+m[1]); i >= 0 {
				col = at(i)
			}
			var anchors []string
			for _, a := range anchorRE.FindAllSubmatch(data, -1) {
				anchors = append(anchors, string(a[1]))
			}
			hint = suggest.DidYouMean(m[1], anchors)
		}
	}
	return col, hint
}

// applySet applies one --set override to the node tree.
func (d *decoder) applySet(root *yaml.Node, set string) *Error {
	key, val, ok := strings.Cut(set, "=")
	fail := func(n *yaml.Node, format string, args ...any) *Error {
		e := &Error{File: d.file, Path: key, Err: fmt.Errorf("--set %s: %s", set, fmt.Sprintf(format, args...))}
		if n != nil {
			e.Line, e.Col = n.Line, n.Column
		}
		return e
	}
	if !ok || key == "" {
		return fail(nil, "expected key.path=value")
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	segs := strings.Split(key, ".")
	where := func(i int, quote bool) string { // the path to segment i
		switch {
		case i == 0:
			return "the top level"
		case quote:
			return strconv.Quote(strings.Join(segs[:i], "."))
		}
		return strings.Join(segs[:i], ".")
	}
	var parent *yaml.Node
	idx := -1
	for i, seg := range segs {
		n = deref(n)
		switch n.Kind {
		case yaml.MappingNode:
			var keys []string
			found := false
			for j := 0; j+1 < len(n.Content); j += 2 {
				keys = append(keys, n.Content[j].Value)
				if n.Content[j].Value == seg {
					parent, idx, found = n, j+1, true
				}
			}
			if !found && i == 0 && len(segs) == 1 && seg == "ties" {
				// ties: is optional and set whole, so --set may add it.
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: seg, Line: n.Line, Column: n.Column}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column})
				parent, idx, found = n, len(n.Content)-1, true
			}
			if !found {
				return fail(n, "no key %q under %s%s (have %s)", seg, where(i, false), suggest.DidYouMean(seg, keys), strings.Join(keys, ", "))
			}
			n = parent.Content[idx]
		case yaml.SequenceNode:
			k, err := strconv.Atoi(seg)
			if len(n.Content) == 0 {
				return fail(n, "the list at %s is empty; it has no element %q", where(i, true), seg)
			}
			if err != nil || k < 0 || k >= len(n.Content) {
				return fail(n, "expected a list index from 0 to %d at %s, found %q", len(n.Content)-1, where(i, true), seg)
			}
			parent, idx = n, k
			n = n.Content[k]
		default:
			return fail(n, "%s is a single value; it has no key %q", where(i, false), seg)
		}
	}
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(val), &v); err != nil || v.Kind != yaml.DocumentNode || len(v.Content) != 1 {
		if err != nil {
			return fail(n, "cannot read the value %q as YAML: %s", val, strings.TrimPrefix(strings.TrimPrefix(err.Error(), "yaml: "), "line 1: "))
		}
		if val != "" {
			return fail(n, "cannot read the value %q", val)
		}
		v = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!null"}}}
	}
	nv := v.Content[0]
	setPositions(nv, n.Line, n.Column)
	parent.Content[idx] = nv
	d.markSet(nv, set)
	d.setAt = append(d.setAt, setAt{key, set})
	return nil
}

// setPositions gives an override's nodes the position of the value they
// replace, so errors in it point where the analyst would look.
func setPositions(n *yaml.Node, line, col int) {
	n.Line, n.Column = line, col
	for _, c := range n.Content {
		setPositions(c, line, col)
	}
}

func (d *decoder) markSet(n *yaml.Node, set string) {
	d.sets[n] = set
	for _, c := range n.Content {
		d.markSet(c, set)
	}
}
