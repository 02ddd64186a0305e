package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadSeconds is how long the explorer load runs: PARLEY_LOAD_SECONDS
// (30 for docs/benchmarks.md), else 2 so that CI runs it short.
func loadSeconds(t *testing.T) int {
	s := os.Getenv("PARLEY_LOAD_SECONDS")
	if s == "" {
		return 2
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 600 {
		t.Fatalf("PARLEY_LOAD_SECONDS=%q: want 1 to 600", s)
	}
	return n
}

// A classroom's load on a server on 127.0.0.1: 40 students join one room
// and submit while the explorer is updated 10 times a second. Every
// request must succeed; the latencies are logged (docs/benchmarks.md,
// "Classroom server"), not asserted.
func TestLoadClassroom(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no load test")
	}
	s := newTestServer(t, Options{CacheSize: -1}) // every update runs: the slider never repeats a value below
	ts := httptest.NewServer(s)
	defer ts.Close()
	client := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(ts.URL+"/rooms", url.Values{"scenario": {"istanbul-2025-issues"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	code := strings.Split(resp.Header.Get("Location"), "/")[2]

	var mu sync.Mutex
	var explore, student []time.Duration
	var errs []string
	get := func(method, target string, form url.Values, want int, into *[]time.Duration) {
		start := time.Now()
		var resp *http.Response
		var err error
		if method == "POST" {
			resp, err = client.PostForm(ts.URL+target, form)
		} else {
			resp, err = client.Get(ts.URL + target)
		}
		d := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err.Error())
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			errs = append(errs, fmt.Sprintf("%s %s: status %d", method, target, resp.StatusCode))
		}
		*into = append(*into, d)
	}

	var wg sync.WaitGroup
	secs := loadSeconds(t)
	tick := time.NewTicker(100 * time.Millisecond)
	stop := time.After(time.Duration(secs) * time.Second)
	for i := range 40 {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * time.Duration(secs) * time.Second / 80) // they trickle in
			get("GET", "/join?code="+code, nil, http.StatusSeeOther, &student)
			get("GET", "/rooms/"+code, nil, http.StatusOK, &student)
			get("POST", "/rooms/"+code+"/submit", url.Values{"group": {"group " + strconv.Itoa(i)}, "result": {"deal"},
				"issue.drones": {"continue"}, "issue.ttp": {"partial"}, "issue.strikes": {"cease"}, "issue.trade": {"open"}},
				http.StatusSeeOther, &student)
		})
	}
	for n := 0; ; n++ {
		select {
		case <-tick.C:
			v := strconv.FormatFloat(2+float64(n)/100, 'f', 2, 64)
			wg.Go(func() {
				get("GET", "/explore/istanbul-2025/result?seed=1&n=2000&set=breach_cost="+v, nil, http.StatusOK, &explore)
			})
			continue
		case <-stop:
		}
		break
	}
	tick.Stop()
	wg.Wait()
	for _, e := range errs {
		t.Error(e)
	}
	room, _ := s.rooms.get(code)
	if len(room.Entries) != 40 {
		t.Errorf("%d groups in the room, want 40", len(room.Entries))
	}
	t.Logf("%d s: explorer updates %d, median %s, p90 %s, max %s; student requests %d, median %s, max %s",
		secs, len(explore), pct(explore, 50), pct(explore, 90), pct(explore, 100), len(student), pct(student, 50), pct(student, 100))
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p)/100)].Round(time.Millisecond)
}
