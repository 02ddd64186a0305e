package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/scenarios"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim/suggest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// settingKeys are the settings a config file or a PARLEY_* variable may
// give. Every other flag (output, shard, set, variant, ...) belongs to one
// command line: a config file that names it is rejected, not ignored.
func settingKeys() []string {
	return []string{"iterations", "seed", "workers", "format", "precision", "top"}
}

// settings layers flags over PARLEY_* environment variables over the
// config file over defaults, for the flags of one command. Viper merges
// the layers; every value from the environment or the config file is
// parsed strictly here first, as its flag's type, and an error names its
// source (viper would coerce "abc" to 0 and 1.5 to 1 without a word).
func (f *factory) settings(cmd *cobra.Command, names ...string) (*viper.Viper, error) {
	v := viper.New()
	types := map[string]string{}
	for _, n := range names {
		fl := cmd.Flags().Lookup(n)
		if fl == nil {
			continue
		}
		types[n] = fl.Value.Type()
		if err := v.BindPFlag(n, fl); err != nil {
			return nil, err
		}
	}
	values := map[string]any{}
	cfg, explicit := configFile(f.Config)
	if cfg != "" {
		if err := readConfig(cfg, explicit, cmd.Root(), types, values); err != nil {
			return nil, err
		}
		v.SetConfigFile(cfg) // named by ConfigFileUsed
	}
	for n, typ := range types {
		env := "PARLEY_" + strings.ToUpper(strings.ReplaceAll(n, "-", "_"))
		s, ok := os.LookupEnv(env)
		if !ok || s == "" { // an empty variable is unset, as in viper
			continue
		}
		x, err := parseSetting(n, typ, s)
		if err != nil {
			return nil, usagef("%s: %w", env, err)
		}
		values[n] = x
	}
	if err := v.MergeConfigMap(values); err != nil {
		return nil, err
	}
	if _, ok := types["workers"]; ok {
		// Each worker holds its own counters and sample buffers: a billion
		// of them is an out-of-memory crash, and more than a few per CPU
		// only adds overhead (results do not depend on the count).
		if w, most := v.GetInt("workers"), maxWorkers(); w > most {
			fmt.Fprintf(f.IO.ErrOut, "parley: %d workers is more than %d (4 per CPU); using %d\n", w, most, most)
			v.Set("workers", most)
		}
	}
	return v, nil
}

// maxWorkers caps --workers at 4 per CPU.
func maxWorkers() int { return 4 * runtime.NumCPU() }

// configFile is the config file to read: flag (--config), else
// PARLEY_CONFIG (explicit: it must exist), else
// ~/.config/parley/config.yaml if present.
func configFile(flag string) (path string, explicit bool) {
	cfg := flag
	if cfg == "" {
		cfg = os.Getenv("PARLEY_CONFIG")
	}
	if cfg != "" {
		return cfg, true
	}
	if dir, err := os.UserConfigDir(); err == nil {
		return filepath.Join(dir, "parley", "config.yaml"), false
	}
	return "", false
}

// inputPaths are the files a command reads besides its arguments' other
// files: the scenario and the config file, which no output may overwrite.
func (f *factory) inputPaths(files ...string) []namedPath {
	var in []namedPath
	for _, file := range files {
		in = append(in, namedPath{"the input", file})
	}
	if cfg, _ := configFile(f.Config); cfg != "" {
		in = append(in, namedPath{"the config file", cfg})
	}
	return in
}

// maxConfigSize bounds the config file: a few settings, far below it; a
// device such as /dev/zero given as --config fails instead of filling
// memory.
const maxConfigSize = 1 << 20

// readConfig reads the config file's settings into values, checking every
// key and value with its line number. An empty file is an empty config.
func readConfig(path string, explicit bool, root *cobra.Command, types map[string]string, values map[string]any) error {
	data, err := scenarios.ReadFile(path, maxConfigSize, "config files")
	var tooLarge *scenarios.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return usageError{err}
	case err != nil:
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return usagef("config file %s: %w", path, pathless(err))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return usagef("config file %s: %w", path, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return usagef("%s:%d: expected a mapping of settings (iterations: 50000), found %s", path, m.Line, nodeKind(m))
	}
	flags := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { flags[f.Name] = true })
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	known := settingKeys()
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], m.Content[i+1]
		at := fmt.Sprintf("%s:%d", path, k.Line)
		if line, dup := seen[k.Value]; dup {
			return usagef("%s: %s: given twice (first on line %d)", at, k.Value, line)
		}
		seen[k.Value] = k.Line
		if !slices.Contains(known, k.Value) {
			if flags[k.Value] {
				return usagef("%s: %s: not a config setting; give --%s on the command line", at, k.Value, k.Value)
			}
			return usagef("%s: unknown setting %q%s (settings: %s)", at, k.Value, suggest.DidYouMean(k.Value, known), strings.Join(known, ", "))
		}
		typ, ok := types[k.Value]
		if !ok {
			typ = settingType(root, k.Value) // another command's setting: checked, not used
		}
		if val.Kind != yaml.ScalarNode || val.Tag == "!!null" {
			return usagef("%s: %s: %s, found %s", at, k.Value, expected(typ), nodeKind(val))
		}
		x, err := parseSetting(k.Value, typ, val.Value)
		if err != nil {
			return usagef("%s: %s: %w", at, k.Value, err)
		}
		if ok {
			values[k.Value] = x
		}
	}
	return nil
}

// settingType is the type of the flag named key in any command.
func settingType(root *cobra.Command, key string) string {
	typ := "string"
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if f := c.Flags().Lookup(key); f != nil {
			typ = f.Value.Type()
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	return typ
}

func nodeKind(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.AliasNode:
		return "an alias"
	case n.Tag == "!!null":
		return "no value"
	}
	return shown(n.Value)
}

func expected(typ string) string {
	switch typ {
	case "int", "int64":
		return "expected a whole number"
	case "uint64":
		return "expected a whole number, 0 or more"
	case "float64":
		return "expected a number"
	}
	return "expected a value"
}

// parseSetting parses the text of a setting strictly as its flag's type:
// base-10 whole numbers only, finite numbers, and a known format.
func parseSetting(name, typ, s string) (any, error) {
	bad := fmt.Errorf("%s, found %s", expected(typ), shown(s))
	if x, err := strconv.ParseFloat(s, 64); err == nil && x == math.Trunc(x) && math.Abs(x) < 1e18 && strings.ContainsAny(s, ".eE") {
		bad = fmt.Errorf("%w (write %d)", bad, int64(x)) // 1e3 or 1000.0: say how to write it
	}
	switch typ {
	case "int", "int64":
		n, err := strconv.ParseInt(s, 10, strconv.IntSize)
		if err != nil {
			return nil, bad
		}
		// Ranges checked here name the source; the commands check the
		// final values again, whatever their source.
		if name == "iterations" && n <= 0 {
			return nil, fmt.Errorf("expected a whole number, 1 or more, found %d", n)
		}
		if name == "workers" && n < 0 {
			return nil, fmt.Errorf("expected 0 (all cores) or more, found %d", n)
		}
		return n, nil
	case "uint64":
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, bad
		}
		return n, nil
	case "float64":
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, bad
		}
		return x, nil
	}
	if name == "format" {
		if _, err := reports.ParseFormat(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// shown quotes a value only when it would be unreadable bare.
func shown(s string) string {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == ' ' }) {
		return strconv.Quote(s)
	}
	return s
}
