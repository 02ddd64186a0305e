package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestChartFlag(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	magic := map[string]string{"svg": "<?xml", "png": "\x89PNG", "pdf": "%PDF"}
	for _, c := range []struct {
		args []string
		ext  string
	}{
		{[]string{"run", flagship}, "svg"},
		{[]string{"run", "chicken"}, "png"},
		{[]string{"compare", flagship}, "pdf"},
		{[]string{"attribute", flagship, "--factors", "no_drone_deal,no_india"}, "svg"},
		{[]string{"sensitivity", flagship}, "svg"},
		{[]string{"sweep", flagship, "--param", "breach_cost=0:6:4"}, "png"},
	} {
		path := filepath.Join(dir, c.args[0]+"."+c.ext)
		_, stderr, code := parley(t, append(c.args, "-n", "1000", "--chart", path)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(magic[c.ext])) {
			t.Errorf("%v: %s starts %q", c.args, path, b[:min(8, len(b))])
		}
		if c.ext == "svg" && !strings.Contains(string(b), "scenario istanbul-2025") {
			t.Errorf("%v: the chart lacks the provenance stamp", c.args)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestChartFlagRefusals(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", flagship, "--chart", filepath.Join(dir, "x.jpg")}, ".svg, .png or .pdf"},
		{[]string{"sensitivity", flagship, "--method", "sobol", "--chart", filepath.Join(dir, "x.svg")}, "no chart"},
		{[]string{"sweep", flagship, "--param", "breach_cost=0:1:2", "--param", "india_tilt=0:1:2", "--chart", filepath.Join(dir, "x.svg")}, "one parameter"},
		{[]string{"run", flagship, "-o", filepath.Join(dir, "same.svg"), "--chart", filepath.Join(dir, "same.svg")}, "same file"},
	} {
		_, stderr, code := parley(t, append(c.args, "-n", "100")...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", c.args, code, stderr, c.want)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files written by refused commands: %v", left)
	}
}
