package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Prefs are the app's own preferences, shared by every profile.
type Prefs struct {
	Notifications  bool   `json:"notifications"`
	Sound          bool   `json:"sound"`
	AlwaysOnTop    bool   `json:"always_on_top"`
	RaiseOnOffer   bool   `json:"raise_on_offer"`
	StartMinimized bool   `json:"start_minimized"`
	LastProfile    string `json:"last_profile,omitempty"`
	// Recent holds recently used transfer destinations, newest first.
	Recent []string `json:"recent_destinations,omitempty"`
}

// DefaultPrefs are what a first start gets.
func DefaultPrefs() Prefs {
	return Prefs{Notifications: true, Sound: true, RaiseOnOffer: true}
}

// AddRecent puts a destination first in the recent list (at most 10).
func (p *Prefs) AddRecent(dest string) {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return
	}
	out := []string{dest}
	for _, d := range p.Recent {
		if d != dest && len(out) < 10 {
			out = append(out, d)
		}
	}
	p.Recent = out
}

// Store reads and writes profiles and prefs in one directory.
type Store struct{ Dir string }

// DefaultStore is os.UserConfigDir()/tandem.
func DefaultStore() (*Store, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("cannot find your configuration folder: %w", err)
	}
	return &Store{Dir: filepath.Join(dir, "tandem")}, nil
}

func (s *Store) profileDir() string { return filepath.Join(s.Dir, "profiles") }

func (s *Store) file(name string) string {
	return filepath.Join(s.profileDir(), fileName(name)+".json")
}

// fileName keeps a profile name safe as a file name.
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, name)
}

// List returns the saved profiles sorted by name. A broken file is skipped
// and reported in the error, so one bad file does not hide the rest.
func (s *Store) List() ([]Profile, error) {
	entries, err := os.ReadDir(s.profileDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Profile
	var bad []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		p, err := s.read(filepath.Join(s.profileDir(), e.Name()))
		if err != nil {
			bad = append(bad, e.Name())
			continue
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	if len(bad) > 0 {
		return out, fmt.Errorf("could not read profile file(s) %s in %s", strings.Join(bad, ", "), s.profileDir())
	}
	return out, nil
}

func (s *Store) read(path string) (Profile, error) {
	var p Profile
	b, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	err = json.Unmarshal(b, &p)
	return p, err
}

// Load reads one profile by name.
func (s *Store) Load(name string) (Profile, error) {
	p, err := s.read(s.file(name))
	if errors.Is(err, fs.ErrNotExist) {
		return p, fmt.Errorf("no profile named %q", name)
	}
	return p, err
}

// Save validates and writes a profile (atomically).
func (s *Store) Save(p Profile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.writeJSON(s.file(p.Name), p)
}

// Delete removes a profile; its secrets are the caller's to delete.
func (s *Store) Delete(name string) error {
	err := os.Remove(s.file(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// LoadPrefs reads the preferences, or the defaults on a first start.
func (s *Store) LoadPrefs() Prefs {
	p := DefaultPrefs()
	b, err := os.ReadFile(filepath.Join(s.Dir, "prefs.json"))
	if err == nil {
		_ = json.Unmarshal(b, &p)
	}
	return p
}

// SavePrefs writes the preferences.
func (s *Store) SavePrefs(p Prefs) error {
	return s.writeJSON(filepath.Join(s.Dir, "prefs.json"), p)
}

func (s *Store) writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// DemoProfile is the profile every first start has.
func DemoProfile() Profile {
	return Profile{Name: "Demo", Vendor: "demo", CRMTemplate: "https://crm.example/search?phone={from}"}
}

// EnsureDemo saves the demo profile when no profile exists yet.
func (s *Store) EnsureDemo() error {
	list, _ := s.List()
	if len(list) > 0 {
		return nil
	}
	return s.Save(DemoProfile())
}
