// Package profile keeps connection profiles and the app's preferences in
// the user's config directory (os.UserConfigDir()/tandem). A profile never
// holds a secret: passwords and secret options live in the OS keyring.
package profile

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"tandem/vendors"
)

// Profile is one saved way to log in.
type Profile struct {
	Name      string            `json:"name"`
	Vendor    string            `json:"vendor"`
	URL       string            `json:"url,omitempty"`
	User      string            `json:"user,omitempty"`
	Agent     string            `json:"agent,omitempty"`
	Extension string            `json:"extension,omitempty"`
	Options   map[string]string `json:"options,omitempty"`
	// CRMTemplate builds the screen-pop URL of a contact, e.g.
	// https://crm.example/search?phone={from}; see Expand.
	CRMTemplate string `json:"crm_template,omitempty"`
	// CRMAutoOpen opens the CRM page when the agent answers.
	CRMAutoOpen bool `json:"crm_auto_open,omitempty"`
	// RememberPassword keeps the password in the OS keyring.
	RememberPassword bool `json:"remember_password,omitempty"`
}

var nameRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}$`)

// Validate checks a profile against its vendor's settings and says what to
// fix in words a person understands.
func (p Profile) Validate() error {
	if !nameRE.MatchString(p.Name) {
		return fmt.Errorf("the profile name must start with a letter or digit and use only letters, digits, spaces, '.', '_' or '-' (at most 63)")
	}
	d, ok := vendors.Lookup(p.Vendor)
	if !ok {
		return fmt.Errorf("unknown platform %q; choose one of %s", p.Vendor, strings.Join(vendors.Names(), ", "))
	}
	for _, s := range d.Settings() {
		if s.Field == vendors.FieldPassword || s.Secret {
			if s.Field == vendors.FieldOption && p.Options[s.Key] != "" {
				return fmt.Errorf("%s is a secret: it is kept in the keyring, not in the profile", s.Label)
			}
			continue
		}
		v := p.Value(s)
		if s.Required && strings.TrimSpace(v) == "" && s.Default == "" {
			return fmt.Errorf("%s is required%s", s.Label, example(s))
		}
		if s.Field == vendors.FieldURL && v != "" {
			u, err := url.Parse(v)
			if err != nil || u.Scheme == "" || u.Host == "" {
				return fmt.Errorf("%s must be a full address%s", s.Label, example(s))
			}
		}
	}
	if p.CRMTemplate != "" {
		u, err := url.Parse(Expand(p.CRMTemplate, vendors.Contact{}))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return fmt.Errorf("the CRM address must start with http:// or https://, e.g. https://crm.example/search?phone={from}")
		}
	}
	return nil
}

func example(s vendors.Setting) string {
	if s.Example != "" {
		return ", e.g. " + s.Example
	}
	return ""
}

// Value returns the profile's value for a setting, or its default.
func (p Profile) Value(s vendors.Setting) string {
	var v string
	switch s.Field {
	case vendors.FieldURL:
		v = p.URL
	case vendors.FieldUser:
		v = p.User
	case vendors.FieldAgent:
		v = p.Agent
	case vendors.FieldExtension:
		v = p.Extension
	case vendors.FieldOption:
		v = p.Options[s.Key]
	}
	if v == "" {
		v = s.Default
	}
	return v
}

// Set stores a setting's value in the profile (secrets are refused: they
// belong in the keyring).
func (p *Profile) Set(s vendors.Setting, v string) {
	switch s.Field {
	case vendors.FieldURL:
		p.URL = v
	case vendors.FieldUser:
		p.User = v
	case vendors.FieldAgent:
		p.Agent = v
	case vendors.FieldExtension:
		p.Extension = v
	case vendors.FieldOption:
		if s.Secret {
			return
		}
		if p.Options == nil {
			p.Options = map[string]string{}
		}
		if v == "" {
			delete(p.Options, s.Key)
		} else {
			p.Options[s.Key] = v
		}
	}
}

// Config builds a driver's configuration from the profile plus the
// secrets the caller fetched (password and secret options by key).
func (p Profile) Config(password string, secretOptions map[string]string) vendors.Config {
	cfg := vendors.Config{URL: p.URL, User: p.User, Password: password, Agent: p.Agent, Extension: p.Extension, Options: map[string]string{}}
	for k, v := range p.Options {
		cfg.Options[k] = v
	}
	for k, v := range secretOptions {
		cfg.Options[k] = v
	}
	return cfg
}

// SecretOptions lists the secret option settings of the profile's vendor.
func (p Profile) SecretOptions() []vendors.Setting {
	d, ok := vendors.Lookup(p.Vendor)
	if !ok {
		return nil
	}
	var out []vendors.Setting
	for _, s := range d.Settings() {
		if s.Field == vendors.FieldOption && s.Secret {
			out = append(out, s)
		}
	}
	return out
}

// NeedsPassword reports whether the vendor asks for a password.
func (p Profile) NeedsPassword() bool {
	d, ok := vendors.Lookup(p.Vendor)
	if !ok {
		return false
	}
	for _, s := range d.Settings() {
		if s.Field == vendors.FieldPassword {
			return true
		}
	}
	return false
}

// Expand fills a CRM URL template with the contact's fields, escaped for a
// URL: {from} {to} {name} {queue} {id} and {data.KEY}.
func Expand(tmpl string, c vendors.Contact) string {
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		key := strings.ToLower(m[1 : len(m)-1])
		var v string
		switch key {
		case "from", "ani", "number":
			v = c.From
		case "to", "dnis":
			v = c.To
		case "name":
			v = c.Name
		case "queue":
			v = c.Queue
		case "id":
			v = c.ID
		default:
			if strings.HasPrefix(key, "data.") {
				want := m[len("{data.") : len(m)-1]
				v = c.Data[want]
				if v == "" {
					for k, dv := range c.Data {
						if strings.EqualFold(k, want) {
							v = dv
						}
					}
				}
			} else {
				return m
			}
		}
		return url.QueryEscape(v)
	})
}

var placeholder = regexp.MustCompile(`\{[A-Za-z][A-Za-z0-9_.-]*\}`)

// ScreenPopURL is the URL to open for a contact: the profile's CRM
// template when set, else what the platform sent.
func (p Profile) ScreenPopURL(c vendors.Contact) string {
	if p.CRMTemplate != "" {
		return Expand(p.CRMTemplate, c)
	}
	return c.ScreenPopURL
}
