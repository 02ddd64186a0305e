package web

import (
	"net/http"
)

func (s *Server) roleModel(w http.ResponseWriter, id string) (Entry, *roleModel, bool) {
	e, ok := s.cat.get(id)
	if !ok {
		s.fail(w, http.StatusNotFound, "no such scenario in this server's library")
		return e, nil, false
	}
	if e.Form != "issues" && e.Form != "matrix" {
		s.fail(w, http.StatusNotFound, "role-play needs an issues or matrix model; "+e.ID+" is a "+e.Form+" model")
		return e, nil, false
	}
	m, err := readRoles(e)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return e, nil, false
	}
	return e, m, true
}

// roleIndex links each party's sheet, and the teacher's.
func (s *Server) roleIndex(w http.ResponseWriter, r *http.Request) {
	e, m, ok := s.roleModel(w, r.PathValue("id"))
	if !ok {
		return
	}
	s.render(w, "roles", struct {
		Title string
		Entry Entry
		Roles *roleModel
		Token string
	}{"Role-play: " + e.Title, e, m, s.teacherLinks(r)})
}

// roleSheet is one party's printable sheet.
func (s *Server) roleSheet(w http.ResponseWriter, r *http.Request) {
	e, m, ok := s.roleModel(w, r.PathValue("id"))
	if !ok {
		return
	}
	sh, ok := m.sheet(r.PathValue("party"))
	if !ok {
		s.fail(w, http.StatusNotFound, "no such party in "+e.ID)
		return
	}
	s.render(w, "sheet", struct {
		Title string
		Entry Entry
		Form  string
		S     sheet
	}{"Role sheet: " + sh.Party.Name, e, m.Form, sh})
}

// teacherSheet is everything: every party's sheet on one page, the
// parameters and the model's prediction.
func (s *Server) teacherSheet(w http.ResponseWriter, r *http.Request) {
	e, m, ok := s.roleModel(w, r.PathValue("id"))
	if !ok {
		return
	}
	var sheets []sheet
	for _, p := range m.Parties {
		sh, _ := m.sheet(p.ID)
		sheets = append(sheets, sh)
	}
	s.render(w, "teachersheet", struct {
		Title  string
		Entry  Entry
		Roles  *roleModel
		Sheets []sheet
		Pred   prediction
	}{"Teacher's sheet: " + e.Title, e, m, sheets, s.predict(r, e)})
}
