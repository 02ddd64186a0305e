package web

import "net/http"

func (s *Server) library(w http.ResponseWriter, r *http.Request) {
	s.render(w, "library", struct {
		Title   string
		Entries []Entry
		Token   string
	}{"Library", s.cat.list(), s.teacherLinks(r)})
}
