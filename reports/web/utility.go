package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"go.yaml.in/yaml/v3"
)

// space is an issues scenario's utility space as the debrief draws it:
// each package's expected utility to the two negotiators, the walk-away
// values, and the model's predicted payoffs. Expected means averaged over
// the sampled worlds, as every Parley number is.
type space struct {
	X, Y      string // the two negotiators: party ids
	Packages  []point
	Walk      point // both walk-away values
	Predicted point // the model's expected payoffs at its solution
}

type point struct {
	Label string
	X, Y  float64
}

// maxSpacePackages bounds the packages the debrief scores one by one.
const maxSpacePackages = 64

// spaceWorlds is how many worlds each package is scored over: the space
// is drawn, not tabulated, so a coarser average is enough.
const spaceWorlds = 400

// spaceCache keeps each scenario's space: it is the same for every room.
type spaceCache struct {
	mu   sync.Mutex
	byID map[string]*space
}

// utilitySpace scores every package of an issues scenario by its
// expected utilities over the sampled worlds (the explainer gives them in
// one world only), so each package is run as the only one on the table, with the walk-away values out of reach and the hard
// constraints lifted, so that the run's payoffs are the package's
// utilities (soft constraint costs included, as the parties bear them).
func (s *Server) utilitySpace(ctx context.Context, e Entry, m *roleModel) (*space, error) {
	s.spaces.mu.Lock()
	defer s.spaces.mu.Unlock()
	if sp, ok := s.spaces.byID[e.ID]; ok {
		return sp, nil
	}
	sp, err := computeSpace(ctx, e, m, spaceRun{worlds: spaceWorlds, timeout: s.opt.RunTimeout})
	if err != nil {
		return nil, err
	}
	if s.spaces.byID == nil {
		s.spaces.byID = map[string]*space{}
	}
	s.spaces.byID[e.ID] = sp
	return sp, nil
}

// spaceRun says how packages are scored: over how many sampled worlds,
// in how long.
type spaceRun struct {
	worlds  int64
	timeout time.Duration
}

func computeSpace(ctx context.Context, e Entry, m *roleModel, how spaceRun) (*space, error) {
	src, err := entrySource(e)
	if err != nil {
		return nil, err
	}
	neg := m.Negotiators
	if len(neg) < 2 {
		return nil, fmt.Errorf("the utility space needs two negotiators; %s has %d", e.ID, len(neg))
	}
	pkgs := packages(m.Issues)
	if len(pkgs) == 0 || len(pkgs) > maxSpacePackages {
		return nil, fmt.Errorf("the utility space is drawn for 1 to %d packages; %s has %d", maxSpacePackages, e.ID, len(pkgs))
	}
	ctx, cancel := context.WithTimeout(ctx, 4*how.timeout)
	defer cancel()
	sp := &space{X: neg[0], Y: neg[1]}
	run := func(edit func(issues *yaml.Node), n int64) ([]float64, error) {
		sc, err := editedScenario(e, src, edit)
		if err != nil {
			return nil, err
		}
		r, err := sim.Run(ctx, sc, sim.Options{Iterations: n, Seed: 1, Workers: 1})
		if err != nil {
			return nil, err
		}
		return payoffMeans(r, neg[0], neg[1]), nil
	}
	for _, p := range pkgs {
		xy, err := run(func(is *yaml.Node) { onlyPackage(is, neg, p.expr) }, how.worlds)
		if err != nil {
			return nil, fmt.Errorf("score package %s: %w", p.label, err)
		}
		sp.Packages = append(sp.Packages, point{p.label, xy[0], xy[1]})
	}
	xy, err := run(func(is *yaml.Node) { setKey(is, "demands", demandNode(neg[0], "1 < 0")) }, how.worlds)
	if err != nil {
		return nil, fmt.Errorf("walk-away values: %w", err)
	}
	sp.Walk = point{"walk-away", xy[0], xy[1]}
	// The prediction is drawn as a point: as precise as the explorer's.
	if xy, err = run(func(*yaml.Node) {}, 2000); err != nil {
		return nil, fmt.Errorf("prediction: %w", err)
	}
	sp.Predicted = point{"model", xy[0], xy[1]}
	return sp, nil
}

// pkg is one package: its label (as the packages tally writes it) and
// the expression that holds for it alone.
type pkg struct {
	label, expr string
	choice      map[string]string
}

func packages(issues []issue) []pkg {
	out := []pkg{{choice: map[string]string{}}}
	for _, is := range issues {
		if len(is.Options) == 0 {
			return nil // a numeric range: not drawn package by package
		}
		var next []pkg
		for _, p := range out {
			for _, o := range is.Options {
				c := make(map[string]string, len(p.choice)+1)
				for k, v := range p.choice {
					c[k] = v
				}
				c[is.Name] = o
				next = append(next, pkg{choice: c})
			}
		}
		out = next
	}
	for i := range out {
		var ls, es []string
		for _, is := range issues {
			ls = append(ls, is.Name+"="+out[i].choice[is.Name])
			es = append(es, is.Name+" == "+strconv.Quote(out[i].choice[is.Name]))
		}
		out[i].label, out[i].expr = strings.Join(ls, ", "), strings.Join(es, " and ")
	}
	return out
}

// packageLabel is a submission's package in the tally's words.
func packageLabel(issues []issue, agreement map[string]string) string {
	var ls []string
	for _, is := range issues {
		ls = append(ls, is.Name+"="+agreement[is.Name])
	}
	return strings.Join(ls, ", ")
}

// onlyPackage leaves one package acceptable, takes the walk-away values
// out of reach and lifts the hard constraints (a soft one, with a cost,
// stays: it is part of what the package is worth).
func onlyPackage(is *yaml.Node, neg []string, expr string) {
	setKey(is, "demands", demandNode(neg[0], expr))
	var batna [][2]*yaml.Node
	for _, p := range neg {
		batna = append(batna, [2]*yaml.Node{scalar(p), scalar("-1e9")})
	}
	setKey(is, "batna", mapping(batna))
	var soft [][2]*yaml.Node
	for _, kv := range pairs(get(is, "constraints")) {
		if get(kv[1], "cost").Value != "" {
			soft = append(soft, kv)
		}
	}
	setKey(is, "constraints", mapping(soft))
}

func demandNode(party, require string) *yaml.Node {
	return mapping([][2]*yaml.Node{{scalar("debrief"), mapping([][2]*yaml.Node{
		{scalar("party"), scalar(party)}, {scalar("require"), scalar(require)}})}})
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

func mapping(kvs [][2]*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, kv := range kvs {
		n.Content = append(n.Content, kv[0], kv[1])
	}
	return n
}

// setKey replaces (or adds) key in a mapping node.
func setKey(n *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = v
			return
		}
	}
	n.Content = append(n.Content, scalar(key), v)
}

// editedScenario compiles the entry's text with model.issues edited.
func editedScenario(e Entry, src []byte, edit func(issues *yaml.Node)) (*sim.Scenario, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		return nil, fmt.Errorf("read %s: %v", e.name(), err)
	}
	is := get(get(doc.Content[0], "model"), "issues")
	if is.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s has no model.issues", e.name())
	}
	edit(is)
	setKey(doc.Content[0], "variants", mapping(nil)) // they may drop what the edit removed
	b, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, fmt.Errorf("debrief copy of %s: %w", e.name(), err)
	}
	return scenarios.Parse(e.ID+" (debrief)", b, scenarios.Options{})
}

func payoffMeans(r *sim.Result, x, y string) []float64 {
	out := make([]float64, 2)
	for _, p := range r.Payoffs {
		if i := slices.Index([]string{x, y}, p.Party); i >= 0 {
			out[i] = p.Mean
		}
	}
	return out
}
