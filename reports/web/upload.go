package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/parley-dev/parley/scenarios"
)

// uploadPath is where a teacher adds a scenario for the class. The text
// is kept in memory, never written to disk, and is size-limited
// (Options.MaxUpload).
const uploadPath = "/teacher/upload"

func (s *Server) uploadForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, "upload", struct{ Title, Err, Token string }{"Add a scenario", "", s.tokenQuery()})
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	fail := func(code int, msg string) {
		w.WriteHeader(code)
		s.render(w, "upload", struct{ Title, Err, Token string }{"Add a scenario", msg, s.tokenQuery()})
	}
	f, _, err := r.FormFile("scenario")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		fail(http.StatusRequestEntityTooLarge, "the file is larger than the server takes")
		return
	}
	if err != nil {
		fail(http.StatusBadRequest, "choose a scenario file (YAML) to upload")
		return
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, s.opt.MaxUpload+1))
	if err != nil || int64(len(src)) > s.opt.MaxUpload {
		fail(http.StatusRequestEntityTooLarge, "the file is larger than the server takes")
		return
	}
	sc, err := scenarios.Parse("upload.yaml", src, scenarios.Options{})
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	e, err := s.cat.addUploaded(sc, src)
	if err != nil {
		fail(http.StatusConflict, err.Error())
		return
	}
	http.Redirect(w, r, "/explore/"+url.PathEscape(e.ID), http.StatusSeeOther)
}
