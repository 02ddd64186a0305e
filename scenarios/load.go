package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-dev/parley/sim"
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
	data, err := os.ReadFile(name)
	if err != nil {
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
	d := &decoder{file: file, at: map[string]pos{}, sets: map[*yaml.Node]string{}}
	if !utf8.Valid(data) {
		return nil, ErrorList{{File: file, Line: 1, Col: 1, Err: errors.New("expected UTF-8 text, found invalid bytes")}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, ErrorList{syntaxError(file, err)}
	}
	if root.Kind == 0 {
		return nil, ErrorList{{File: file, Line: 1, Col: 1, Err: errors.New("the file is empty: expected a scenario")}}
	}
	for _, s := range opt.Sets {
		if err := d.applySet(&root, s); err != nil {
			d.errs = append(d.errs, err)
		}
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	spec := d.scenario(&root)
	if len(d.errs) > 0 || spec == nil {
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
	return s, nil
}

// locate turns a sim problem's key path into a file position: the path
// itself if the decoder saw it, else its nearest recorded ancestor.
func (d *decoder) locate(p sim.Problem) *Error {
	e := &Error{File: d.file, Path: p.Path, Err: errors.New(p.Msg)}
	path := p.Path
	for {
		if at, ok := d.at[path]; ok {
			e.Line, e.Col = at.line, at.col
			if path == p.Path && p.Offset >= 0 {
				switch at.style {
				case 0, yaml.FlowStyle:
					e.Col += p.Offset
				case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
					e.Col += p.Offset + 1
				}
			}
			if at.setBy != "" {
				e.Err = fmt.Errorf("%s (value from --set %s)", p.Msg, at.setBy)
			}
			return e
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			if at, ok := d.at[""]; ok {
				e.Line, e.Col = at.line, at.col
			}
			return e
		}
		path = path[:i]
	}
}

// syntaxError positions a YAML syntax error. yaml.v3 reports "yaml: line
// N: msg" without a column.
func syntaxError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if line == 0 {
		line = 1
	}
	return &Error{File: file, Line: line, Col: 1, Err: fmt.Errorf("invalid YAML: %s", msg)}
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
			if !found {
				where := strings.Join(segs[:i], ".")
				if where == "" {
					where = "the top level"
				}
				return fail(n, "no key %q under %s%s (have %s)", seg, where, sim.DidYouMean(seg, keys), strings.Join(keys, ", "))
			}
			n = parent.Content[idx]
		case yaml.SequenceNode:
			k, err := strconv.Atoi(seg)
			if err != nil || k < 0 || k >= len(n.Content) {
				return fail(n, "expected a list index from 0 to %d at %q, found %q", len(n.Content)-1, strings.Join(segs[:i], "."), seg)
			}
			parent, idx = n, k
			n = n.Content[k]
		default:
			return fail(n, "%s is a single value; it has no key %q", strings.Join(segs[:i], "."), seg)
		}
	}
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(val), &v); err != nil || v.Kind != yaml.DocumentNode || len(v.Content) != 1 {
		if val != "" {
			return fail(n, "cannot read the value %q", val)
		}
		v = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!null"}}}
	}
	nv := v.Content[0]
	setPositions(nv, n.Line, n.Column)
	parent.Content[idx] = nv
	d.markSet(nv, set)
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
