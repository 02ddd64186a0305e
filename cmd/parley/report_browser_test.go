package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/parley-dev/parley/reports"
)

var screenshots = flag.String("screenshots", "", "save a screenshot of each browser-tested report into this directory (docs/img)")

// chromium finds a Chromium for the browser tests. Without one they are
// skipped, except under CI=true, where a missing browser fails the run.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: CI must install it (.ci/run does: apt-get install chromium)")
	}
	t.Skip("no chromium on PATH: the reports are not opened in a browser (install Debian's chromium to run this test)")
	return ""
}

// pageFacts is what the test reads from a rendered report.
type pageFacts struct {
	Charts []struct {
		ID       string  `json:"id"`
		Width    float64 `json:"width"`
		Height   float64 `json:"height"`
		Elements int     `json:"elements"`
		Title    string  `json:"title"`
		Desc     string  `json:"desc"`
	} `json:"charts"`
	Outcomes [][]string `json:"outcomes"`
	Tables   int        `json:"tables"`
	Stamps   int        `json:"stamps"`
	Scripts  int        `json:"scripts"`
}

const factsJS = `({
  charts: Array.from(document.querySelectorAll('svg.chart')).map(s => {
    const r = s.getBoundingClientRect();
    return {id: s.id, width: r.width, height: r.height,
      elements: s.querySelectorAll('path, text').length,
      title: (s.querySelector('title') || {}).textContent || '',
      desc: (s.querySelector('desc') || {}).textContent || ''};
  }),
  outcomes: Array.from(document.querySelectorAll('table#outcomes tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent)),
  tables: document.querySelectorAll('table').length,
  stamps: document.querySelectorAll('div.table > p.stamp').length,
  scripts: document.querySelectorAll('script').length,
})`

// TestReportInBrowser writes the reports of a tree, an issues and a matrix
// scenario, opens each in headless Chromium and checks that the page loads
// nothing, logs no error, draws every chart, and shows the outcome table of
// the same run's JSON.
func TestReportInBrowser(t *testing.T) {
	exe := chromium(t)
	isolateConfig(t)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.WindowSize(1100, 1400))...)
	defer cancel()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if _, err := chromedp.Run(browser, chromedp.Evaluate[int]("1")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	dir := t.TempDir()
	for _, id := range []string{"istanbul-2025", "istanbul-2025-issues", "deterrence-crisis"} {
		t.Run(id, func(t *testing.T) {
			file := filepath.Join(dir, id+".html")
			args := []string{id, "-n", "3000", "--seed", "5"}
			if _, stderr, code := parley(t, append(append([]string{"report"}, args...), "-o", file)...); code != 0 {
				t.Fatalf("report: exit %d: %s", code, stderr)
			}
			out, stderr, code := parley(t, append(append([]string{"run"}, args...), "--format", "json")...)
			if code != 0 {
				t.Fatalf("run: exit %d: %s", code, stderr)
			}
			var run reports.RunJSON
			if err := json.Unmarshal([]byte(out), &run); err != nil {
				t.Fatal(err)
			}
			failed := false
			fail := func(format string, a ...any) { t.Errorf(format, a...); failed = true }
			facts, console, requests, shot := openReport(t, browser, file, func(ctx context.Context) { checkPhoneAndPrint(t, ctx, id, fail) })
			for _, m := range console {
				fail("console: %s", m)
			}
			for _, r := range requests {
				fail("network request: %s", r)
			}
			if facts.Scripts != 0 {
				fail("%d <script> elements", facts.Scripts)
			}
			if len(facts.Charts) < 2 {
				fail("%d charts, want the outcomes, payoffs and analyses", len(facts.Charts))
			}
			for _, c := range facts.Charts {
				if c.Width < 250 || c.Height < 120 || c.Width > 1200 || c.Height > 2500 || c.Elements < 10 {
					fail("chart %s (%s): %.0f×%.0f px, %d elements", c.ID, c.Title, c.Width, c.Height, c.Elements)
				}
				if c.Title == "" || len(c.Desc) < 40 {
					fail("chart %s: no text alternative (title %q, desc %q)", c.ID, c.Title, c.Desc)
				}
			}
			if facts.Stamps != facts.Tables {
				fail("%d tables but %d stamps under them", facts.Tables, facts.Stamps)
			}
			checkOutcomes(t, facts.Outcomes, run.Outcomes, fail)
			if failed || *screenshots != "" {
				saveShot(t, shot, id, failed)
			}
		})
	}
}

// TestBrowserCheckSeesFaults makes sure that the browser check would see
// what it looks for: a page that logs an error and requests an image.
func TestBrowserCheckSeesFaults(t *testing.T) {
	exe := chromium(t)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU)...)
	defer cancel()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	file := filepath.Join(t.TempDir(), "bad.html")
	page := `<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png" alt=""><script>console.error("boom")</script></body></html>`
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	_, console, requests, _ := openReport(t, browser, file)
	if len(console) == 0 || len(requests) == 0 {
		t.Errorf("the check missed the faults: console %q, requests %q", console, requests)
	}
}

// checkPhoneAndPrint checks that the page fits a phone's width (wide
// tables scroll inside their own box) and prints on A4 and Letter.
func checkPhoneAndPrint(t *testing.T, ctx context.Context, id string, fail func(string, ...any)) {
	for _, paper := range []chromedp.PaperSize{chromedp.PaperA4, chromedp.PaperLetter} {
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(pdf), "%PDF") || len(pdf) < 20000 {
			fail("printed on %v in: %d bytes", paper, len(pdf))
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	type widths struct {
		Page   float64 `json:"page"`
		Screen float64 `json:"screen"`
		Chart  float64 `json:"chart"`
	}
	w, err := chromedp.Run(ctx, chromedp.Evaluate[widths](`({page: document.documentElement.scrollWidth, screen: window.innerWidth,
  chart: Math.max(...Array.from(document.querySelectorAll('figure')).map(f => f.getBoundingClientRect().width))})`))
	if err != nil {
		t.Fatal(err)
	}
	if w.Page > w.Screen+1 || w.Chart > w.Screen {
		fail("on a 390 px phone: page %.0f px wide, widest figure %.0f px, screen %.0f px", w.Page, w.Chart, w.Screen)
	}
	if *screenshots != "" && id == "istanbul-2025" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('run').scrollIntoView(), true`)); err != nil {
			t.Fatal(err)
		}
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*screenshots, "report-"+id+"-phone.png"), shot, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// checkOutcomes compares the page's outcome table with the run's JSON.
func checkOutcomes(t *testing.T, rows [][]string, want []reports.OutcomeJSON, fail func(string, ...any)) {
	if len(rows) != len(want) {
		fail("outcome table has %d rows, the JSON %d outcomes", len(rows), len(want))
		return
	}
	p4 := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	for i, o := range want {
		w := []string{o.ID, o.Label, p4(o.Probability), "[" + p4(o.CILow) + ", " + p4(o.CIHigh) + "]", strconv.FormatInt(o.Count, 10)}
		if fmt.Sprint(rows[i]) != fmt.Sprint(w) {
			fail("outcome row %d: page %q, JSON %q", i, rows[i], w)
		}
	}
}

// openReport loads file in a new tab and returns what the page shows, the
// console messages, the requests other than the page's own, and a
// screenshot.
func openReport(t *testing.T, browser context.Context, file string, more ...func(ctx context.Context)) (pageFacts, []string, []string, []byte) {
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTime()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int]("1")); err != nil { // open the tab
		t.Fatal(err)
	}
	url := "file://" + file
	listen, stop := context.WithCancel(ctx)
	var mu sync.Mutex
	var console, requests []string
	var wg sync.WaitGroup
	messages := chromedp.Console(listen)
	sent := chromedp.Events(listen, network.RequestWillBeSent)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				mu.Lock()
				console = append(console, m.String())
				mu.Unlock()
			}
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range sent {
			if err != nil {
				return
			}
			if ev.Request != nil && ev.Request.URL != url {
				mu.Lock()
				requests = append(requests, ev.Request.URL)
				mu.Unlock()
			}
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
	if err != nil {
		t.Fatal(err)
	}
	// The whole page, for a failure; for the docs, the screen that shows
	// the run's charts.
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if *screenshots != "" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('run').scrollIntoView(), true`)); err != nil {
			t.Fatal(err)
		}
		if shot, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range more {
		f(ctx)
	}
	stop()
	wg.Wait()
	return facts, console, requests, shot
}

// saveShot keeps a screenshot: in the test's temporary directory when the
// page failed, and in -screenshots DIR when asked for.
func saveShot(t *testing.T, png []byte, id string, failed bool) {
	if failed && *screenshots == "" {
		path := filepath.Join(t.TempDir(), id+".png")
		if err := os.WriteFile(path, png, 0o644); err == nil {
			t.Logf("screenshot of the failed page: %s", path)
		}
	}
	if *screenshots != "" {
		if err := os.WriteFile(filepath.Join(*screenshots, "report-"+id+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
	}
}
