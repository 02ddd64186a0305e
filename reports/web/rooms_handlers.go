package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
)

// prediction is what the model says the groups should reach: the
// outcome table and the most frequent agreements of a baseline run.
type prediction struct {
	Outcomes reports.Table
	Tally    reports.Table
	Err      string
}

func (s *Server) predict(r *http.Request, e Entry) prediction {
	sc, err := s.base(e)
	if err != nil {
		return prediction{Err: err.Error()}
	}
	res, err := sim.Run(r.Context(), sc, sim.Options{Iterations: s.opt.Iterations, Seed: 1, Workers: 1})
	if err != nil {
		return prediction{Err: err.Error()}
	}
	p := prediction{Outcomes: reports.OutcomeTable(res)}
	if len(res.Tallies) > 0 {
		p.Tally = reports.TallyTable(res.Tallies[0], 5)
	}
	return p
}

func (s *Server) openRoom(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, "the form is too large")
		return
	}
	e, ok := s.cat.get(r.PostFormValue("scenario"))
	if !ok || (e.Form != "issues" && e.Form != "matrix") {
		s.fail(w, http.StatusBadRequest, "open a room for an issues or matrix scenario of this server's library")
		return
	}
	room, err := s.rooms.open(e.ID, time.Now())
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	to := "/rooms/" + room.Code + "/teacher"
	if t := s.tokenQuery(); t != "" {
		to += "?token=" + url.QueryEscape(t)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) {
	if code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("code"))); code != "" {
		if _, ok := s.rooms.get(code); ok {
			http.Redirect(w, r, "/rooms/"+url.PathEscape(code), http.StatusSeeOther)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		s.render(w, "join", struct{ Title, Err string }{"Join a room", "No room with code " + code + "."})
		return
	}
	s.render(w, "join", struct{ Title, Err string }{"Join a room", ""})
}

// roomPage is what the student's and the teacher's pages share.
type roomPage struct {
	Title  string
	Room   Room
	Entry  Entry
	Roles  *roleModel
	Done   string // the group that has just submitted
	Err    string
	Token  string
	Pred   prediction
	Counts []optionCount
	Space  *spaceDrawing
	Scores []groupScore
	Axes   [2]string
	Note   string // why there is no utility space
}

// scores places the room's agreements in the utility space: an issues
// model's packages, or a two-player matrix game's profiles.
func (s *Server) scores(r *http.Request, p *roomPage) {
	var sp *space
	var err error
	switch p.Entry.Form {
	case "issues":
		sp, err = s.utilitySpace(r.Context(), p.Entry, p.Roles)
	case "matrix":
		sp, err = matrixSpace(r.Context(), p.Entry, p.Roles, s.opt.RunTimeout)
	default:
		return
	}
	if err != nil {
		p.Note = err.Error()
		return
	}
	p.Scores = scoreGroups(p.Room, p.Roles, sp)
	p.Space = drawSpace(sp, p.Scores)
	p.Axes = [2]string{sp.X, sp.Y}
}

func (s *Server) room(w http.ResponseWriter, r *http.Request) (roomPage, bool) {
	room, ok := s.rooms.get(strings.ToUpper(r.PathValue("code")))
	if !ok {
		s.fail(w, http.StatusNotFound, "no room with that code")
		return roomPage{}, false
	}
	e, m, ok := s.roleModel(w, room.Scenario)
	if !ok {
		return roomPage{}, false
	}
	return roomPage{Title: "Room " + room.Code, Room: room, Entry: e, Roles: m, Token: s.teacherLinks(r)}, true
}

func (s *Server) roomStudent(w http.ResponseWriter, r *http.Request) {
	p, ok := s.room(w, r)
	if !ok {
		return
	}
	p.Done = r.URL.Query().Get("done")
	s.render(w, "room", p)
}

// maxGroupName bounds a group's name.
const maxGroupName = 60

func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.room(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, "the form is too large")
		return
	}
	sub, err := parseSubmission(r.PostForm, p.Roles)
	if err != nil {
		p.Err = err.Error()
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, "room", p)
		return
	}
	sub.At = time.Now().UTC()
	if err := s.rooms.submit(p.Room.Code, sub); err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	http.Redirect(w, r, "/rooms/"+p.Room.Code+"?done="+url.QueryEscape(sub.Group), http.StatusSeeOther)
}

// parseSubmission checks a group's form: a name, and either no deal or
// one of the offered options for every issue.
func parseSubmission(f url.Values, m *roleModel) (Submission, error) {
	g := strings.TrimSpace(f.Get("group"))
	if g == "" || len(g) > maxGroupName {
		return Submission{}, fmt.Errorf("give your group a name of 1 to %d characters", maxGroupName)
	}
	sub := Submission{Group: g}
	if f.Get("result") == "nodeal" {
		sub.NoDeal = true
		return sub, nil
	}
	sub.Agreement = map[string]string{}
	for _, is := range m.Issues {
		v := f.Get("issue." + is.Name)
		if len(is.Options) > 0 && !slices.Contains(is.Options, v) {
			return Submission{}, fmt.Errorf("choose one of %s for %s", strings.Join(is.Options, ", "), is.Name)
		}
		if len(is.Options) == 0 {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return Submission{}, fmt.Errorf("enter a number for %s", is.Name)
			}
		}
		sub.Agreement[is.Name] = v
	}
	return sub, nil
}

// optionCount is how many groups agreed on each option of an issue.
type optionCount struct {
	Issue  string
	Option string
	Groups int
}

func counts(room Room, m *roleModel) []optionCount {
	var cs []optionCount
	for _, is := range m.Issues {
		for _, o := range is.Options {
			n := 0
			for _, e := range room.Entries {
				if !e.NoDeal && e.Agreement[is.Name] == o {
					n++
				}
			}
			cs = append(cs, optionCount{is.Name, o, n})
		}
	}
	return cs
}

func (s *Server) roomTeacher(w http.ResponseWriter, r *http.Request) {
	p, ok := s.room(w, r)
	if !ok {
		return
	}
	p.Pred = s.predict(r, p.Entry)
	p.Counts = counts(p.Room, p.Roles)
	s.scores(r, &p)
	s.render(w, "teacher", p)
}

// roomCSV exports one row per group: the agreement, issue by issue.
func (s *Server) roomCSV(w http.ResponseWriter, r *http.Request) {
	p, ok := s.room(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="room-`+p.Room.Code+`.csv"`)
	s.scores(r, &p)
	cw := csv.NewWriter(w)
	head := []string{"room", "scenario", "group", "result"}
	for _, is := range p.Roles.Issues {
		head = append(head, is.Name)
	}
	head = append(head, "submitted")
	if p.Scores != nil {
		x, y := p.Axes[0], p.Axes[1]
		head = append(head, "utility_"+x, "utility_"+y, "gain_"+x, "gain_"+y)
	}
	cw.Write(head)
	for i, e := range p.Room.Entries {
		res := "deal"
		if e.NoDeal {
			res = "no deal"
		}
		row := []string{p.Room.Code, p.Room.Scenario, csvSafe(e.Group), res}
		for _, is := range p.Roles.Issues {
			row = append(row, e.Agreement[is.Name])
		}
		row = append(row, e.At.Format(time.RFC3339))
		if p.Scores != nil {
			g := p.Scores[i]
			for _, v := range []float64{g.X, g.Y, g.GainX, g.GainY} {
				row = append(row, strconv.FormatFloat(v, 'f', 3, 64))
			}
		}
		cw.Write(row)
	}
	cw.Flush()
}

// csvSafe keeps a spreadsheet from reading a student's text as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
