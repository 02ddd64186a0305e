package main

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// reportCommand reads the reproducing command from a report.
func reportCommand(t *testing.T, page string) []string {
	t.Helper()
	m := regexp.MustCompile(`<pre><code>([^<]*)</code></pre>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the report has no reproducing command")
	}
	args := strings.Fields(html.UnescapeString(m[1]))
	if len(args) < 3 || args[0] != "parley" || args[1] != "report" {
		t.Fatalf("reproducing command %q", m[1])
	}
	return args[1:]
}

func TestReportReproduces(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.html")
	_, stderr, code := parley(t, "report", flagship, "-n", "1500", "--seed", "9", "--workers", "1",
		"--sweep", "breach_cost=0:6:4", "--sections", "run,compare,attribute,sensitivity", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(first)
	args := reportCommand(t, page)
	if _, stderr, code := parley(t, args...); code != 0 { // all cores this time
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	again, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != page {
		t.Error("the reproducing command gave a different report")
	}
	for _, want := range []string{`id="scenario"`, `id="run"`, `id="compare"`, `id="attribute"`, `id="sensitivity"`, `id="sweeps"`,
		`<table id="parameters">`, `<table id="paths">`, `<table id="attribute-factors">`, `<table id="sensitivity-tornado">`,
		`Content-Security-Policy`, `@media print`, `role="img"`} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// Self-contained: nothing to fetch, nothing to run.
	for _, bad := range []string{"<script", "src=", "<link", "@import", "url(", `href="http`} {
		if strings.Contains(page, bad) {
			t.Errorf("report contains %s", bad)
		}
	}
	if n, m := strings.Count(page, "<table "), strings.Count(page, `<p class="stamp">scenario `); m < n {
		t.Errorf("%d tables, %d stamps", n, m)
	}
}

func TestReportSections(t *testing.T) {
	isolateConfig(t)
	out, stderr, code := parley(t, "report", flagship, "-n", "500", "--sections", "run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, absent := range []string{`id="compare"`, `id="attribute"`, `id="sensitivity"`} {
		if strings.Contains(out, absent) {
			t.Errorf("--sections run: report has %s", absent)
		}
	}
	out, _, code = parley(t, "report", "stag-hunt", "-n", "500", "--sections", "run,compare")
	if code != 0 || !strings.Contains(out, "No comparison: the scenario defines no variants.") {
		t.Errorf("compare asked of a scenario without variants: exit %d, note missing", code)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--sections", "run,tornado"}, `unknown section "tornado"`},
		{[]string{"--sweep", "nope=0:1:3"}, "nope"},
		{[]string{"--sweep", "breach_cost=0:1:1"}, "steps"},
		{[]string{"--outcome", "peace"}, `no outcome "peace"`},
	} {
		_, stderr, code := parley(t, append([]string{"report", flagship, "-n", "100"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", c.args, code, stderr, c.want)
		}
	}
}
