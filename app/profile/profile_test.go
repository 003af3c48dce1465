package profile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tandem/app/profile"
	"tandem/vendors"
	_ "tandem/vendors/demo"
)

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		p    profile.Profile
		want string // "" = valid
	}{
		{"demo", profile.DemoProfile(), ""},
		{"empty name", profile.Profile{Vendor: "demo"}, "profile name"},
		{"path in name", profile.Profile{Name: "../x", Vendor: "demo"}, "profile name"},
		{"unknown vendor", profile.Profile{Name: "x", Vendor: "nope"}, "unknown platform"},
		{"bad crm", profile.Profile{Name: "x", Vendor: "demo", CRMTemplate: "javascript:alert(1)"}, "CRM address"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.p.Validate()
			if c.want == "" && err != nil {
				t.Fatalf("unexpected %v", err)
			}
			if c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("got %v, want an error about %q", err, c.want)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	c := vendors.Contact{ID: "C1", From: "+49 30 111", Name: "Zoë & Co", Queue: "Sales", Data: map[string]string{"CRM_ID": "CRM-1"}}
	cases := []struct{ tmpl, want string }{
		{"https://crm.example/search?phone={from}", "https://crm.example/search?phone=%2B49+30+111"},
		{"https://crm.example/c/{data.crm_id}?n={name}", "https://crm.example/c/CRM-1?n=Zo%C3%AB+%26+Co"},
		{"https://crm.example/{unknown}", "https://crm.example/{unknown}"},
	}
	for _, tc := range cases {
		if got := profile.Expand(tc.tmpl, c); got != tc.want {
			t.Errorf("Expand(%q) = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

func TestStoreNeverHoldsASecret(t *testing.T) {
	s := &profile.Store{Dir: t.TempDir()}
	if err := s.EnsureDemo(); err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Name != "Demo" {
		t.Fatalf("first start: %v %+v", err, list)
	}
	p := profile.Profile{Name: "Work", Vendor: "demo", Options: map[string]string{"rate": "5"}, RememberPassword: true}
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load("Work")
	if err != nil || got.Options["rate"] != "5" {
		t.Fatalf("load: %v %+v", err, got)
	}
	b, _ := os.ReadFile(filepath.Join(s.Dir, "profiles", "Work.json"))
	if strings.Contains(strings.ToLower(string(b)), "password\":\"") {
		t.Fatalf("a profile file holds a password field: %s", b)
	}
	prefs := s.LoadPrefs()
	prefs.AddRecent("2001")
	prefs.AddRecent("2002")
	prefs.AddRecent("2001")
	if err := s.SavePrefs(prefs); err != nil {
		t.Fatal(err)
	}
	if r := s.LoadPrefs().Recent; len(r) != 2 || r[0] != "2001" {
		t.Fatalf("recent destinations: %v", r)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "profiles", "broken.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	list, err = s.List()
	if err == nil || len(list) != 2 {
		t.Fatalf("a broken file should be reported and the rest listed: %v %d", err, len(list))
	}
}
