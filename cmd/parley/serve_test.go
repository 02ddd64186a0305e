package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestIsLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true},
		{"127.1.2.3:80", true},
		{"[::1]:8080", true},
		{"localhost:8080", true},
		{":8080", false}, // every interface
		{"0.0.0.0:8080", false},
		{"[::]:8080", false},
		{"192.168.1.10:8080", false},
		{"example.org:80", false},
		{"nonsense", false},
	} {
		if got := isLoopback(tc.addr); got != tc.want {
			t.Errorf("isLoopback(%q) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// Off loopback the teacher's pages get a token, unless one is given.
func TestTeacherToken(t *testing.T) {
	random := bytes.NewReader(bytes.Repeat([]byte{0xab}, 64))
	for _, tc := range []struct{ addr, given, want string }{
		{"127.0.0.1:8080", "", ""},
		{"127.0.0.1:8080", "mine", "mine"},
		{"0.0.0.0:8080", "mine", "mine"},
		{"0.0.0.0:8080", "", strings.Repeat("ab", 16)},
		{":8080", "", strings.Repeat("ab", 16)},
	} {
		got, err := teacherToken(tc.addr, tc.given, random)
		if err != nil || got != tc.want {
			t.Errorf("teacherToken(%q, %q) = %q, %v; want %q", tc.addr, tc.given, got, err, tc.want)
		}
	}
}

// A server started with a token (as off loopback) refuses the teacher's
// pages without it, serves them with it, and stops on cancel.
func TestServeTokenAndShutdown(t *testing.T) {
	isolateConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var out bytes.Buffer
	o := &serveOptions{IO: &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &out},
		Addr: "127.0.0.1:0", Token: "sesame", Iterations: 100, MaxIterations: 1000, RunTimeout: 5 * time.Second,
		ready: func(a string) { addr <- a }}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, o) }()
	base := "http://" + <-addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		target string
		want   int
	}{
		{"/teacher/istanbul-2025-issues/sheet", http.StatusForbidden},
		{"/teacher/istanbul-2025-issues/sheet?token=wrong", http.StatusForbidden},
		{"/teacher/istanbul-2025-issues/sheet?token=sesame", http.StatusOK},
		{"/roles/istanbul-2025-issues/afg", http.StatusOK}, // a student's page needs none
	} {
		resp, err := client.Get(base + tc.target)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.target, resp.StatusCode, tc.want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if !strings.Contains(out.String(), "Teacher's token: sesame") || !strings.Contains(out.String(), "stopped") {
		t.Errorf("output:\n%s", out.String())
	}
}
