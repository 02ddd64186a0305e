package main

import (
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// startServe runs `parley serve` in-process on a free loopback port and
// returns its base URL; the test's end stops it as SIGINT would.
func startServe(t *testing.T, save string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var out strings.Builder
	o := &serveOptions{IO: &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &out},
		Addr: "127.0.0.1:0", Save: save, Iterations: 2000, MaxIterations: 20000, RunTimeout: 20 * time.Second,
		ready: func(a string) { addr <- a }}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, o) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, out.String())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve did not stop cleanly: %v", err)
		}
	})
	return base
}

// browser opens a headless Chromium tab that records every console error
// and uncaught exception; the test fails if any appeared.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	var mu sync.Mutex
	var errs []string
	note := func(s string) { mu.Lock(); errs = append(errs, s); mu.Unlock() }
	var wg sync.WaitGroup
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	entries := chromedp.Events(ctx, log.EntryAdded)
	wg.Go(func() {
		for ev, err := range console {
			if err == nil && ev.Type == "error" {
				note("console.error")
			}
		}
	})
	wg.Go(func() {
		for ev, err := range exceptions {
			if err == nil {
				note("exception: " + ev.ExceptionDetails.Text)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range entries {
			if err == nil && ev.Entry.Level == log.EntryLevelError {
				note("console: " + ev.Entry.Text + " " + ev.Entry.URL)
			}
		}
	})
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("log: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("runtime: %v", err)
	}
	t.Cleanup(func() {
		cancelT()
		cancelB()
		cancelA()
		wg.Wait()
		for _, e := range errs {
			if !strings.Contains(e, "favicon.ico") { // the browser asks for one; there is none
				t.Errorf("browser: %s", e)
			}
		}
	})
	return ctx
}

// screenshot saves the page as PNG into $PARLEY_SCREENSHOTS, when set:
// docs/classroom.md's pictures are made this way.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("PARLEY_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

const rowsJS = `Array.from(document.querySelectorAll("#outcomes tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent))`

// Moving the breach cost slider re-runs the flagship, and the table then
// holds the numbers `parley run --set ... --seed ... -n ...` prints.
func TestServeBrowserExplorer(t *testing.T) {
	isolateConfig(t)
	ctx := browser(t)
	base := startServe(t, "")
	do(t, ctx, chromedp.Navigate(base+"/explore/istanbul-2025?seed=1&n=2000"), chromedp.WaitVisible(chromedp.ID("outcomes")))
	before := run(t, ctx, chromedp.Evaluate[[][]string](rowsJS))
	do(t, ctx, chromedp.SetValue(chromedp.ID("slider-breach_cost"), "3"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("slider-breach_cost").dispatchEvent(new Event("input", {bubbles: true}))`))
	run(t, ctx, chromedp.Poll[bool](`(document.getElementById("result").dataset.query || "").includes("breach_cost%3D3")`, chromedp.WithPollingTimeout(30*time.Second)))
	after := run(t, ctx, chromedp.Evaluate[[][]string](rowsJS))
	cli := run(t, ctx, chromedp.Text(chromedp.ID("cli")))
	screenshot(t, ctx, "explorer")
	want := "parley run istanbul-2025 --set parameters.breach_cost=3 --seed 1 -n 2000"
	if cli != want {
		t.Errorf("CLI command %q, want %q", cli, want)
	}
	out, _, code := parley(t, "run", "istanbul-2025", "--set", "parameters.breach_cost=3", "--seed", "1", "-n", "2000", "-f", "csv", "--table", "outcomes")
	if code != 0 {
		t.Fatalf("parley run: exit %d", code)
	}
	cr := csv.NewReader(strings.NewReader(out))
	cr.Comment = '#' // the provenance line
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:] // the header
	if len(after) != len(rows) {
		t.Fatalf("browser rows %q, CLI rows %q", after, rows)
	}
	for i, r := range rows { // outcome,label,probability,ci_low,ci_high,count
		got := after[i]
		if got[0] != r[0] || got[2] != r[2] || got[3] != "["+r[3]+", "+r[4]+"]" || got[4] != r[5] {
			t.Errorf("row %d: browser %q, CLI %q", i, got, r)
		}
	}
	if strings.Join(before[0], ",") == strings.Join(after[0], ",") {
		t.Errorf("the table did not change when the slider moved: %q", after[0])
	}
}

// The tree view draws the equilibrium path highlighted.
func TestServeBrowserTree(t *testing.T) {
	isolateConfig(t)
	ctx := browser(t)
	base := startServe(t, "")
	do(t, ctx, chromedp.Navigate(base+"/explain/istanbul-2025"), chromedp.WaitVisible(chromedp.ID("tree")))
	onPath := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#tree line.edge.onpath").length`))
	stroke := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#tree line.edge.onpath")).stroke`))
	screenshot(t, ctx, "tree")
	if onPath < 1 {
		t.Errorf("%d highlighted edges", onPath)
	}
	if stroke != "rgb(192, 57, 43)" {
		t.Errorf("the path's colour is %q, not the highlight", stroke)
	}
}

// A debrief round: the teacher opens a room, three groups join with its
// code and submit, the teacher's page and the CSV show all three.
func TestServeBrowserRoom(t *testing.T) {
	isolateConfig(t)
	ctx := browser(t)
	save := filepath.Join(t.TempDir(), "debrief.json")
	base := startServe(t, save)
	do(t, ctx, chromedp.Navigate(base+"/roles/istanbul-2025-issues"),
		chromedp.Click(chromedp.ID("open-room")), chromedp.WaitVisible(chromedp.ID("room-code")))
	code := run(t, ctx, chromedp.Text(chromedp.ID("room-code")))
	groups := []struct {
		name, drones, ttp string
		noDeal            bool
	}{{"Blue", "continue", "partial", false}, {"Red", "halt", "full", false}, {"Green", "", "", true}}
	for _, g := range groups {
		acts := []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/join"),
			chromedp.WaitVisible(chromedp.ID("code")),
			chromedp.SendKeys(chromedp.ID("code"), strings.ToLower(code)), // codes are read case-blind
			chromedp.Submit(chromedp.ID("code")),
			chromedp.WaitVisible(chromedp.ID("submit-form")),
			chromedp.SendKeys(chromedp.ID("group"), g.name),
		}
		if g.noDeal {
			acts = append(acts, chromedp.Click(chromedp.ID("nodeal")))
		} else {
			acts = append(acts, chromedp.SetValue(chromedp.CSS(`select[name="issue.drones"]`), g.drones),
				chromedp.SetValue(chromedp.CSS(`select[name="issue.ttp"]`), g.ttp),
				chromedp.SetValue(chromedp.CSS(`select[name="issue.strikes"]`), "cease"),
				chromedp.SetValue(chromedp.CSS(`select[name="issue.trade"]`), "open"))
		}
		acts = append(acts, chromedp.Click(chromedp.ID("submit")), chromedp.WaitVisible(chromedp.ID("submitted")))
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatalf("group %s: %v", g.name, err)
		}
	}
	screenshot(t, ctx, "room-student")
	do(t, ctx, chromedp.Navigate(base+"/rooms/"+code+"/teacher"), chromedp.WaitVisible(chromedp.ID("groups")))
	table := run(t, ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll("#groups tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent))`))
	dots := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#space g.group").length`))
	if dots != 3 {
		t.Errorf("%d groups plotted in the utility space, want 3", dots)
	}
	screenshot(t, ctx, "room-teacher")
	wantRows := []string{"Blue,deal,continue,partial", "Red,deal,halt,full", "Green,no deal,,"}
	if len(table) != 3 {
		t.Fatalf("teacher's table %q", table)
	}
	for i, w := range wantRows {
		if got := strings.Join(table[i][:4], ","); got != w {
			t.Errorf("teacher row %d: %s, want %s", i, got, w)
		}
	}
	resp, err := http.Get(base + "/rooms/" + code + "/csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][2] != "group" || rows[3][3] != "no deal" || rows[0][len(rows[0])-1] != "gain_pak" || rows[3][len(rows[3])-1] != "0.000" {
		t.Errorf("CSV %q (%v)", rows, err)
	}
	if b, err := os.ReadFile(save); err != nil || !strings.Contains(string(b), `"Green"`) {
		t.Errorf("the save file lacks the groups: %v", err)
	}
}

// The pictures of docs/classroom.md that the tests above do not take:
// the library, a classic game's tree, a role sheet and the teacher's
// sheet. Runs only with PARLEY_SCREENSHOTS set.
func TestServeBrowserScreenshots(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS not set: no pictures to take")
	}
	isolateConfig(t)
	ctx := browser(t)
	base := startServe(t, "")
	for _, p := range []struct{ name, path, wait string }{
		{"library", "/", "main"},
		{"centipede-tree", "/explain/centipede", "#tree"},
		{"role-sheet", "/roles/istanbul-2025-issues/pak", "main"},
		{"teacher-sheet", "/teacher/istanbul-2025-issues/sheet", "main"},
		{"chicken-roles", "/roles/chicken", "main"},
		{"matrix-explain", "/explain/prisoners-dilemma", "#payoff-matrix"},
		{"issues-explain", "/explain/istanbul-2025-issues?variant=bluff", "#space"},
	} {
		do(t, ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		screenshot(t, ctx, p.name)
	}
}
