package web

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Room is one debrief round: groups that played the same scenario enter
// the agreement each reached.
type Room struct {
	Code     string       `json:"code"`
	Scenario string       `json:"scenario"`
	Opened   time.Time    `json:"opened"`
	Entries  []Submission `json:"entries"`
}

// Submission is one group's result: an option per issue (a strategy per
// party in a matrix game), or no deal.
type Submission struct {
	Group     string            `json:"group"`
	NoDeal    bool              `json:"no_deal"`
	Agreement map[string]string `json:"agreement,omitempty"`
	At        time.Time         `json:"at"`
}

// rooms holds every room, and saves them all to path after each change.
type rooms struct {
	mu   sync.Mutex
	path string
	all  map[string]*Room
	rand io.Reader
}

// saved is the file --save writes.
type saved struct {
	Format int     `json:"format"`
	Rooms  []*Room `json:"rooms"`
}

// loadRooms restores the rooms saved at path; none when path is "" or
// the file does not exist yet.
func loadRooms(path string) (*rooms, error) {
	rs := &rooms{path: path, all: map[string]*Room{}, rand: rand.Reader}
	if path == "" {
		return rs, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return rs, nil
	}
	if err != nil {
		return nil, fmt.Errorf("restore rooms: %w", err)
	}
	var s saved
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("restore rooms from %s: %w", path, err)
	}
	if s.Format != 1 {
		return nil, fmt.Errorf("restore rooms from %s: format %d, expected 1", path, s.Format)
	}
	for _, r := range s.Rooms {
		rs.all[r.Code] = r
	}
	return rs, nil
}

// codeAlphabet leaves out letters and digits read alike (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

const codeLen = 5

func (rs *rooms) open(scenario string, now time.Time) (*Room, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for range 100 {
		b := make([]byte, codeLen)
		if _, err := io.ReadFull(rs.rand, b); err != nil {
			return nil, fmt.Errorf("room code: %w", err)
		}
		for i := range b {
			b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
		}
		code := string(b)
		if _, taken := rs.all[code]; taken {
			continue
		}
		r := &Room{Code: code, Scenario: scenario, Opened: now.UTC()}
		rs.all[code] = r
		if err := rs.saveLocked(); err != nil {
			delete(rs.all, code)
			return nil, err
		}
		return r, nil
	}
	return nil, errors.New("no free room code")
}

// get returns a copy of the room, safe to read while others submit.
func (rs *rooms) get(code string) (Room, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.all[code]
	if !ok {
		return Room{}, false
	}
	c := *r
	c.Entries = slices.Clone(r.Entries)
	return c, true
}

// maxGroups bounds a room, so that a loop of submissions cannot fill the
// memory or the save file.
const maxGroups = 500

// submit records a group's result; a group that submits again replaces
// its earlier entry.
func (rs *rooms) submit(code string, s Submission) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.all[code]
	if !ok {
		return errNoRoom
	}
	old := slices.Clone(r.Entries)
	if i := slices.IndexFunc(r.Entries, func(e Submission) bool { return e.Group == s.Group }); i >= 0 {
		r.Entries[i] = s
	} else {
		if len(r.Entries) >= maxGroups {
			return fmt.Errorf("the room is full (%d groups)", maxGroups)
		}
		r.Entries = append(r.Entries, s)
	}
	if err := rs.saveLocked(); err != nil {
		r.Entries = old
		return err
	}
	return nil
}

var errNoRoom = errors.New("no room with that code")

// saveLocked writes every room to a temporary file next to path and
// renames it over path: a crash leaves the old file or the new, never
// half of one.
func (rs *rooms) saveLocked() error {
	if rs.path == "" {
		return nil
	}
	s := saved{Format: 1}
	for _, code := range sortedKeys(rs.all) {
		s.Rooms = append(s.Rooms, rs.all[code])
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save rooms: %w", err)
	}
	return writeAtomic(rs.path, append(b, '\n'))
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
