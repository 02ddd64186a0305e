package web

import (
	"bytes"
	"cmp"
	"crypto/subtle"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"time"
)

//go:embed assets
var assets embed.FS

// Options configures a Server. Zero values take the defaults below.
type Options struct {
	Files     []string // scenario files or folders served besides the bundled ones
	NoBundled bool     // serve only Files

	// Token, when set, is required (?token= or the X-Parley-Token header)
	// on the teacher's pages; the CLI sets one whenever the server is not
	// bound to a loopback address.
	Token string

	Iterations    int64         // worlds per explorer run (default 2000)
	MaxIterations int64         // the most a request may ask for (default 20000)
	RunTimeout    time.Duration // the longest one run may take (default 5s)
	MaxBody       int64         // the largest request body, in bytes (default 64 KiB)
	CacheSize     int           // explorer results kept (default 256; negative: none)
	MaxUpload     int64         // the largest uploaded scenario, in bytes (default 1 MiB)

	Save string // where rooms are saved (atomically) after every change; "" keeps them in memory only

	Log *log.Logger // request errors; nil discards them
}

func (o *Options) defaults() {
	o.Iterations = cmp.Or(o.Iterations, 2000)
	o.MaxIterations = cmp.Or(o.MaxIterations, 20000)
	o.RunTimeout = cmp.Or(o.RunTimeout, 5*time.Second)
	o.MaxBody = cmp.Or(o.MaxBody, 64<<10)
	o.CacheSize = cmp.Or(o.CacheSize, 256)
	o.MaxUpload = cmp.Or(o.MaxUpload, 1<<20)
}

// Server is the classroom server's handler and its state (the catalog
// and the rooms).
type Server struct {
	opt     Options
	cat     *catalog
	rooms   *rooms
	spaces  spaceCache
	bases   baseCache
	results resultCache
	tmpl    *template.Template
	mux     *http.ServeMux
}

// New builds a server: it loads every scenario it will serve (so a bad
// file fails now, not during class) and restores the rooms from
// opt.Save when that file exists.
func New(opt Options) (*Server, error) {
	opt.defaults()
	cat, err := newCatalog(opt.Files, !opt.NoBundled)
	if err != nil {
		return nil, err
	}
	rs, err := loadRooms(opt.Save)
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, cat: cat, rooms: rs}
	s.results.max = opt.CacheSize
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// ServeHTTP serves every page, with the body limit and safety headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	limit := s.opt.MaxBody
	if r.URL.Path == uploadPath {
		limit = s.opt.MaxUpload
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	// Everything is served from here: no CDN, no inline script. Inline
	// styles are allowed because the charts (reports/chart, gonum/plot's
	// SVG) style their elements with style attributes.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets/static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", s.library)
	m.HandleFunc("GET /explore/{id}", s.explore)
	m.HandleFunc("GET /explore/{id}/result", s.exploreResult)
	m.HandleFunc("GET /explain/{id}", s.explain)
	m.HandleFunc("GET /roles/{id}", s.roleIndex)
	m.HandleFunc("GET /roles/{id}/{party}", s.roleSheet)
	m.HandleFunc("GET /teacher/{id}/sheet", s.teacherOnly(s.teacherSheet))
	m.HandleFunc("POST /rooms", s.teacherOnly(s.openRoom))
	m.HandleFunc("GET /rooms/{code}/teacher", s.teacherOnly(s.roomTeacher))
	m.HandleFunc("GET /rooms/{code}/csv", s.teacherOnly(s.roomCSV))
	m.HandleFunc("GET "+uploadPath, s.teacherOnly(s.uploadForm))
	m.HandleFunc("POST "+uploadPath, s.teacherOnly(s.upload))
	m.HandleFunc("GET /join", s.joinForm)
	m.HandleFunc("GET /rooms/{code}", s.roomStudent)
	m.HandleFunc("POST /rooms/{code}/submit", s.submit)
	s.mux = m
}

// teacherOnly refuses a request without the token, when there is one.
func (s *Server) teacherOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.hasToken(r) {
			s.fail(w, http.StatusForbidden, "this is a teacher's page: add ?token= with the token the server printed at start")
			return
		}
		h(w, r)
	}
}

// hasToken reports whether the request may see the teacher's pages.
func (s *Server) hasToken(r *http.Request) bool {
	if s.opt.Token == "" {
		return true
	}
	got := r.Header.Get("X-Parley-Token")
	if got == "" {
		got = r.URL.Query().Get("token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) == 1
}

// teacherLinks is the token for the links of a page anyone may open: only
// when the request itself carried it, so that no student's page shows it.
func (s *Server) teacherLinks(r *http.Request) string {
	if s.opt.Token != "" && s.hasToken(r) {
		return s.tokenQuery()
	}
	return ""
}

// tokenQuery is the token a teacher's link carries (templates write
// ?token={{.Token}}, escaped there).
func (s *Server) tokenQuery() string { return s.opt.Token }

// fail writes an error page; the message is escaped by the template.
func (s *Server) fail(w http.ResponseWriter, code int, msg string) {
	w.WriteHeader(code)
	s.render(w, "error", struct {
		Title string
		Code  int
		Msg   string
	}{http.StatusText(code), code, msg})
}

// render executes a page into a buffer first, so that a template error
// never leaves half a page.
func (s *Server) render(w http.ResponseWriter, page string, data any) {
	var b bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&b, page, data); err != nil {
		s.logf("render %s: %v", page, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	w.Write(b.Bytes())
}

func (s *Server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		s.opt.Log.Output(2, fmt.Sprintf(format, args...))
	}
}
