package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

func newTestServer(t *testing.T, opt Options) *Server {
	t.Helper()
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func do(s http.Handler, method, target string, body io.Reader) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// The explorer's table is the CLI's: the same rows as reports.OutcomeTable
// of sim.Run with the same sets, seed and worlds.
func TestExplorerMatchesRun(t *testing.T) {
	s := newTestServer(t, Options{})
	w := do(s, "GET", "/explore/istanbul-2025/result?set=breach_cost=3&variant=no_india&seed=7&n=1500", nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	sc, err := scenarios.Load("istanbul-2025", scenarios.Options{Sets: []string{"parameters.breach_cost=3"}})
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = sc.WithVariant("no_india"); err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, sim.Options{Iterations: 1500, Seed: 7, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	body := w.Body.String()
	for _, row := range reports.OutcomeTable(res).Rows {
		want := "<td>" + row[0] + "</td>"
		for _, cell := range []string{row[2], "[" + row[3] + ", " + row[4] + "]", row[5]} {
			want += `<td class="num">` + cell + "</td>"
		}
		want = strings.Replace(want, "</td><td", "</td><td>"+row[1]+"</td><td", 1)
		if !strings.Contains(body, want) {
			t.Errorf("no row %s in\n%s", want, body)
		}
	}
	if want := "parley run istanbul-2025 --set parameters.breach_cost=3 --variant no_india --seed 7 -n 1500"; !strings.Contains(body, want) {
		t.Errorf("no CLI command %q", want)
	}
}

func TestParseQueryRefuses(t *testing.T) {
	sc, err := scenarios.Load("istanbul-2025", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{"set=nope=1", "expected name=value for a parameter"},
		{"set=breach_cost", "expected name=value"},
		{"set=breach_cost=NaN", "finite number"},
		{"set=breach_cost=1e999", "finite number"},
		{"variant=none", "no such variant"},
		{"seed=-1", "whole number"},
		{"n=0", "from 1 to 100"},
		{"n=101", "from 1 to 100"},
	} {
		v, _ := url.ParseQuery(tc.q)
		_, err := parseQuery(v, sc, 10, 100)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.q, err, tc.want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	sc, err := scenarios.Load("istanbul-2025", scenarios.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("set=breach_cost=3&variant=no_india&seed=1&n=10")
	f.Add("set=parameters.us_pause=0.5&n=100000")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseQuery(v, sc, 10, 100)
		if err != nil {
			return
		}
		if q.N < 1 || q.N > 100 {
			t.Fatalf("n %d accepted", q.N)
		}
		// What is accepted round-trips through the link.
		v2, _ := url.ParseQuery(q.encode())
		q2, err := parseQuery(v2, sc, 10, 100)
		if err != nil || q2.cli(Entry{ID: "x"}) != q.cli(Entry{ID: "x"}) {
			t.Fatalf("link %q does not reproduce %q: %v", q.encode(), raw, err)
		}
	})
}

func TestTreeExplainHighlightsPath(t *testing.T) {
	s := newTestServer(t, Options{})
	w := do(s, "GET", "/explain/istanbul-2025", nil)
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	if n := strings.Count(body, `class="edge onpath`); n < 1 {
		t.Errorf("no highlighted edge in the tree")
	}
	if !strings.Contains(body, "parley explain istanbul-2025") {
		t.Error("no CLI command")
	}
}

// Security: only the catalog's scenarios, by id; bodies limited; the
// teacher's pages behind the token.
func TestSecurity(t *testing.T) {
	s := newTestServer(t, Options{Token: "sesame", MaxBody: 1024})
	for _, target := range []string{
		"/explore/..%2f..%2f..%2fetc%2fpasswd",
		"/explore/%2fetc%2fpasswd",
		"/explain/..%2fgo.mod",
		"/roles/..%2f..%2fgo.mod/afg",
		"/static/../../go.mod",
		"/static/%2e%2e/%2e%2e/go.mod",
		"/explore/istanbul-2025/../../../etc/passwd",
	} {
		w := do(s, "GET", target, nil)
		if w.Code == 200 || strings.Contains(w.Body.String(), "root:") || strings.Contains(w.Body.String(), "module github.com") {
			t.Errorf("GET %s: status %d, body %.80q", target, w.Code, w.Body.String())
		}
	}
	if w := do(s, "POST", "/rooms", strings.NewReader("scenario=istanbul-2025-issues")); w.Code != http.StatusForbidden {
		t.Errorf("open a room without the token: status %d", w.Code)
	}
	w := do(s, "POST", "/rooms?token=sesame", strings.NewReader("scenario=istanbul-2025-issues"))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("open a room with the token: status %d %s", w.Code, w.Body)
	}
	teacher := w.Header().Get("Location")
	code := strings.Split(teacher, "/")[2]
	if w := do(s, "GET", "/rooms/"+code+"/teacher", nil); w.Code != http.StatusForbidden {
		t.Errorf("teacher page without the token: status %d", w.Code)
	}
	if w := do(s, "GET", "/rooms/"+code+"/csv?token=wrong", nil); w.Code != http.StatusForbidden {
		t.Errorf("CSV with a wrong token: status %d", w.Code)
	}
	big := "group=g&x=" + strings.Repeat("a", 4096)
	if w := do(s, "POST", "/rooms/"+code+"/submit", strings.NewReader(big)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d", w.Code)
	}
	if w := do(s, "GET", "/explore/istanbul-2025/result?n=1000000", nil); w.Code != http.StatusBadRequest {
		t.Errorf("too many worlds: status %d", w.Code)
	}
}

// A room: three groups submit, the teacher's page and the CSV show them,
// and the saved file restores the room in a new server.
func TestRoomRoundTrip(t *testing.T) {
	save := filepath.Join(t.TempDir(), "debrief.json")
	s := newTestServer(t, Options{Save: save})
	w := do(s, "POST", "/rooms", strings.NewReader("scenario=istanbul-2025-issues"))
	code := strings.Split(w.Header().Get("Location"), "/")[2]
	for _, f := range []string{
		"group=Blue&result=deal&issue.drones=continue&issue.ttp=partial&issue.strikes=cease&issue.trade=open",
		"group=Red&result=nodeal",
		"group=%3DHYPERLINK(1)&result=deal&issue.drones=halt&issue.ttp=full&issue.strikes=cease&issue.trade=open",
	} {
		if w := do(s, "POST", "/rooms/"+code+"/submit", strings.NewReader(f)); w.Code != http.StatusSeeOther {
			t.Fatalf("submit %s: status %d %s", f, w.Code, w.Body)
		}
	}
	if w := do(s, "POST", "/rooms/"+code+"/submit", strings.NewReader("group=Bad&result=deal&issue.drones=maybe")); w.Code != http.StatusBadRequest {
		t.Errorf("an option not offered: status %d", w.Code)
	}
	s2 := newTestServer(t, Options{Save: save}) // a restart
	w = do(s2, "GET", "/rooms/"+code+"/csv", nil)
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"room", "scenario", "group", "result", "drones", "ttp", "strikes", "trade", "submitted"},
		{code, "istanbul-2025-issues", "Blue", "deal", "continue", "partial", "cease", "open"},
		{code, "istanbul-2025-issues", "Red", "no deal", "", "", "", ""},
		{code, "istanbul-2025-issues", "'=HYPERLINK(1)", "deal", "halt", "full", "cease", "open"},
	}
	if len(rows) != len(want) {
		t.Fatalf("CSV rows %q", rows)
	}
	for i := range want {
		if got := strings.Join(rows[i][:len(want[i])], ","); got != strings.Join(want[i], ",") {
			t.Errorf("CSV row %d: %s, want %s", i, got, strings.Join(want[i], ","))
		}
	}
	page := do(s2, "GET", "/rooms/"+code+"/teacher", nil).Body.String()
	if !strings.Contains(page, "Groups (3)") || !strings.Contains(page, "<td>Blue</td>") {
		t.Errorf("teacher page lacks the groups")
	}
}

// A party's sheet shows its own demands and constraints, not the others'.
func TestRoleSheetsPrivate(t *testing.T) {
	s := newTestServer(t, Options{})
	afg := do(s, "GET", "/roles/istanbul-2025-issues/afg", nil).Body.String()
	pak := do(s, "GET", "/roles/istanbul-2025-issues/pak", nil).Body.String()
	for _, tc := range []struct {
		page, has, hasNot string
	}{
		{afg, "halt_drones", "us_agreement"},
		{afg, "drone_stake", "ttp_threat * (1"},
		{pak, "us_agreement", "halt_drones"},
		{pak, "breach_cost", "restraint_cost"},
	} {
		if !strings.Contains(tc.page, tc.has) || strings.Contains(tc.page, tc.hasNot) {
			t.Errorf("sheet: want %q and not %q", tc.has, tc.hasNot)
		}
	}
	// A two-player matrix game: each player's own payoffs as a table.
	a := do(s, "GET", "/roles/chicken/a", nil).Body.String()
	for _, want := range []string{"<th>a \\ b</th><th>swerve</th><th>straight</th>", `<tr><th>straight</th><td class="num">1</td><td class="num">crash</td></tr>`} {
		if !strings.Contains(a, want) {
			t.Errorf("chicken's sheet for a lacks %s", want)
		}
	}
	if w := do(s, "GET", "/roles/istanbul-2025/afg", nil); w.Code != http.StatusNotFound {
		t.Errorf("role sheet of a tree scenario: status %d", w.Code)
	}
}

func FuzzParseSubmission(f *testing.F) {
	s, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	e, _ := s.cat.get("istanbul-2025-issues")
	m, err := readRoles(e)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("group=Blue&result=deal&issue.drones=halt&issue.ttp=full&issue.strikes=cease&issue.trade=open")
	f.Add("group=Red&result=nodeal")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		sub, err := parseSubmission(v, m)
		if err != nil {
			return
		}
		if sub.Group == "" || len(sub.Group) > maxGroupName {
			t.Fatalf("group %q accepted", sub.Group)
		}
		if !sub.NoDeal {
			for _, is := range m.Issues {
				if !slices.Contains(is.Options, sub.Agreement[is.Name]) {
					t.Fatalf("%s=%q accepted", is.Name, sub.Agreement[is.Name])
				}
			}
		}
	})
}

// Files given to the server join the library; a file with a bundled
// scenario's id replaces it, and the command names the file.
func TestServesGivenFiles(t *testing.T) {
	file := filepath.Join("..", "..", "scenarios", "chicken.yaml")
	s := newTestServer(t, Options{Files: []string{file}})
	e, ok := s.cat.get("chicken")
	if !ok || e.Bundled || e.name() != file {
		t.Fatalf("entry %+v", e)
	}
	body := do(s, "GET", "/explore/chicken/result?n=100", nil).Body.String()
	if !strings.Contains(body, "parley run ../../scenarios/chicken.yaml --seed 1 -n 100") {
		t.Errorf("the command does not name the file")
	}
	if _, err := New(Options{Files: []string{"no/such/file.yaml"}}); err == nil {
		t.Error("a missing file was served")
	}
}

// The issues view in the median world: without Kabul's firm demand a
// deal is reached, and it cannot halt the drones (Pakistan's agreement
// with the US forbids it, and the US pauses in no median world).
func TestIssuesExplain(t *testing.T) {
	s := newTestServer(t, Options{})
	body := do(s, "GET", "/explain/istanbul-2025-issues?variant=bluff", nil).Body.String()
	if !strings.Contains(body, "The agreement in this world: <strong>drones=continue,") {
		t.Errorf("no agreement without halting drones in\n%s", body)
	}
	if !strings.Contains(body, `<svg class="space"`) {
		t.Errorf("no utility space")
	}
	// With it, in this world, the demand is what blocks.
	body = do(s, "GET", "/explain/istanbul-2025-issues", nil).Body.String()
	if !strings.Contains(body, "No deal in this world") || !strings.Contains(body, "What blocks a deal: demand halt_drones (afg).") {
		t.Errorf("no blocking demand named")
	}
}

// The prisoner's dilemma: defecting is each player's best response to
// anything, so both defect in the one equilibrium.
func TestMatrixExplain(t *testing.T) {
	s := newTestServer(t, Options{})
	body := do(s, "GET", "/explain/prisoners-dilemma", nil).Body.String()
	for _, want := range []string{
		`<tr><th>defect</th><td class="num"><span class="best">5</span>, <span class="">0</span></td><td class="num pure"><span class="best">1</span>, <span class="best">1</span></td></tr>`,
		`data-table="equilibria"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in\n%s", want, body)
		}
	}
	if strings.Count(body, `class="num pure"`) != 1 {
		t.Errorf("want one pure equilibrium cell")
	}
}

func multipartBody(t *testing.T, content string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("scenario", "mine.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.Close()
	return &b, mw.FormDataContentType()
}

// A teacher uploads a scenario: it joins the library; an oversized, an
// invalid or an anonymous upload is refused.
func TestUpload(t *testing.T) {
	s := newTestServer(t, Options{Token: "sesame", MaxUpload: 4096})
	src, _ := scenarios.Source("chicken")
	mine := strings.Replace(string(src), "scenario: chicken", "scenario: my-chicken", 1)
	post := func(target, content string) *httptest.ResponseRecorder {
		body, ct := multipartBody(t, content)
		r := httptest.NewRequest("POST", target, body)
		r.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	if w := post("/teacher/upload", mine); w.Code != http.StatusForbidden {
		t.Errorf("upload without the token: %d", w.Code)
	}
	if w := post("/teacher/upload?token=sesame", mine+strings.Repeat("#", 5000)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized upload: %d", w.Code)
	}
	w := post("/teacher/upload?token=sesame", "format: 1\nscenario: x\nparties: [")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "upload.yaml:3:") {
		t.Errorf("invalid upload: %d %s", w.Code, w.Body)
	}
	if w := post("/teacher/upload?token=sesame", string(src)); w.Code != http.StatusConflict {
		t.Errorf("upload of a served id: %d", w.Code)
	}
	if w := post("/teacher/upload?token=sesame", mine); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/explore/my-chicken" {
		t.Fatalf("upload: %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := do(s, "GET", "/explore/my-chicken/result?n=100", nil); w.Code != 200 || !strings.Contains(w.Body.String(), "parley run my-chicken.yaml --seed 1 -n 100") {
		t.Errorf("explore the upload: %d", w.Code)
	}
	if w := do(s, "GET", "/roles/my-chicken/a", nil); w.Code != 200 {
		t.Errorf("role sheet of the upload: %d", w.Code)
	}
}

// The token never appears on a page a student can open.
func TestTokenNotLeaked(t *testing.T) {
	s := newTestServer(t, Options{Token: "sesame"})
	w := do(s, "POST", "/rooms?token=sesame", strings.NewReader("scenario=chicken"))
	code := strings.Split(w.Header().Get("Location"), "/")[2]
	for _, target := range []string{"/", "/roles/chicken", "/roles/chicken/a", "/join", "/rooms/" + code, "/explore/chicken", "/explain/chicken"} {
		if body := do(s, "GET", target, nil).Body.String(); strings.Contains(body, "sesame") {
			t.Errorf("%s shows the token", target)
		}
	}
	if body := do(s, "GET", "/roles/chicken?token=sesame", nil).Body.String(); !strings.Contains(body, "token=sesame") {
		t.Errorf("the teacher's own role-play page lacks the token in its links")
	}
}

// A spatial scenario's explain page shows the trajectory parley explain
// prints: its rounds and the forecast, not a tree.
func TestSpatialExplain(t *testing.T) {
	s := newTestServer(t, Options{})
	w := do(s, "GET", "/explain/istanbul-2025-spatial", nil)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, body)
	}
	for _, want := range []string{`id="trajectory"`, "Trajectory in the median world", "round median", "pak_army"} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in the spatial explain page", want)
		}
	}
	if strings.Contains(body, `id="no-view"`) || strings.Contains(body, `class="tree`) {
		t.Error("the spatial explain page falls back to no view or a tree")
	}
}
