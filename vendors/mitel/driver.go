package mitel

import (
	"context"

	"tandem/vendors"
)

// Name is the vendor's name in profiles and flags.
const Name = "mitel"

// DefaultPort is the event feed's default port (L151-153).
const DefaultPort = "31456"

// Driver is the Mitel Connect Contact Center event-feed driver.
type Driver struct{}

func init() { vendors.Register(Driver{}) }

// Name implements vendors.Driver.
func (Driver) Name() string { return Name }

// Title implements vendors.Driver.
func (Driver) Title() string { return "Mitel Connect Contact Center" }

// Settings implements vendors.Driver.
func (Driver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldURL, Label: "Event feed", Required: true, Example: "tcp://ccserver:31456",
			Help: "the Contact Center server's event-feed port (Director: System Parameters > External Interfaces > Event Feed Ports)"},
		{Field: vendors.FieldUser, Label: "Feed user", Required: true,
			Help: "event-feed user configured in Director (Connection Type: Real-Time Events)"},
		{Field: vendors.FieldPassword, Label: "Feed password", Required: true,
			Help: "that user's password; sent as its MD5 digest in lower-case hex"},
		{Field: vendors.FieldAgent, Label: "Agent ID", Required: true, Example: "1001",
			Help: "the agent's Contact Center agent ID"},
		{Field: vendors.FieldExtension, Label: "Extension", Required: true, Example: "4001",
			Help: "the agent's phone extension, without a dash; calls on it are the agent's"},
		{Field: vendors.FieldOption, Key: "agent-number", Label: "Agent number",
			Help: "the agent number sent with login; defaults to the agent ID"},
		{Field: vendors.FieldOption, Key: "group-id", Label: "Group ID", Default: "0",
			Help: "group to log in to; 0 is the agent's primary group"},
		{Field: vendors.FieldOption, Key: "group-type", Label: "Group type",
			Help: "group type sent with login/logout when group-id is not 0"},
	}
}

// Open implements vendors.Driver: connect, authenticate, subscribe, resync
// and log the agent in when the platform says it is logged out.
func (Driver) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	c, err := parseConfig(cfg)
	if err != nil {
		return nil, err
	}
	s, err := open(ctx, c)
	if err != nil {
		return nil, err
	}
	return s, nil
}
