package mitelsim

import (
	"strconv"
	"time"

	"tandem/vendors/simulator"
)

const topic = "contact-center"

// groupType is the group type the simulator sends; the document never
// enumerates group types (note §8 #36), so it is opaque: 4 is "Group" in
// the device type list.
const groupType = 4

// idv writes an ID as a number, or as a string in StringIDs mode (the
// document prints both, note §8 #13).
func (s *Server) idv(id string) any {
	if s.cfg.StringIDs {
		return id
	}
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		return n
	}
	return id
}

func (s *Server) times() (local, gmt string) {
	now := s.now()
	return now.Format("2006-01-02 15:04:05"), now.UTC().Format("2006-01-02 15:04:05")
}

func (s *Server) now() time.Time { return time.Now() }

// agentMsg is an agent activity event (L666-904).
func (s *Server) agentMsg(name, agentID string, cause int, extra ...kv) obj {
	local, gmt := s.times()
	if name == "agent-idle" && s.cfg.DocQuirks {
		name = "agent- idle " // printed so at L762
	}
	o := obj{{"version", 1}, {"timestamp", local}, {"gmt", gmt}, {"topic", topic},
		{"message", name}, {"sub-topic", ""}, {"agent-id", s.idv(agentID)}, {"cause", cause}}
	return append(o, extra...)
}

// callMsg is a call activity event with its call table (L1905-1939).
func (s *Server) callMsg(name string, c *simCall, cause int, extra ...kv) obj {
	local, gmt := s.times()
	o := obj{{"version", 1}, {"timestamp", local}, {"gmt", gmt}, {"topic", topic},
		{"message", name}, {"sub-topic", ""}, {"call-id", s.idv(c.idStr())},
		{"pbx-call-id", c.pbx}, {"guid", c.guid},
		{"call-table", []obj{s.callObj(c)}}, {"acd-call", c.acd}, {"cause", cause}}
	return append(o, extra...)
}

func (s *Server) callObj(c *simCall) obj {
	callType := 0
	if c.acd {
		callType = 1
	}
	prof := []obj{
		{{"id", 1}, {"value", c.caller.DNIS}},
		{{"id", 2}, {"value", c.caller.Number}},
		{{"id", 3}, {"value", priority(c.caller.Tier)}},
		{{"id", 5}, {"value", c.caller.CRMID}},
		{{"id", 6}, {"value", c.caller.Name}},
		{{"id", 14}, {"value", strconv.Itoa(langCode(c.caller.Lang))}},
		{{"id", 37}, {"value", strconv.FormatInt(c.pbx, 10)}},
		{{"id", 38}, {"value", c.group}},
		{{"id", 42}, {"value", c.guid}},
		{{"id", 48}, {"value", c.caller.Name}},
	}
	conns := []obj{{{"device", c.caller.Number}, {"state", c.callerState}}}
	for _, p := range c.parties {
		conns = append(conns, obj{{"device", p.ext}, {"state", p.state}})
	}
	return obj{{"media", 1}, {"call-type", callType}, {"dnis", c.caller.DNIS},
		{"group", obj{{"type", groupType}, {"id", s.idv(c.group)}}},
		{"call-profile", prof}, {"connections", conns}}
}

// Connection states (L2037-2056) the simulator uses.
const (
	connAlerting  = 4
	connConnected = 5
	connHeld      = 7
	connQueued    = 8
)

// Device types (L2058-2080).
const (
	devAgent   = 3
	devGroup   = 4
	devRegular = 5
)

func priority(tier string) string {
	switch tier {
	case "Gold":
		return "2"
	case "Platinum":
		return "3"
	}
	return "1"
}

// langCode maps a caller's language to the Language table (L2025-2036).
func langCode(l string) int {
	switch l {
	case "de":
		return 8
	case "fr":
		return 7
	case "sv":
		return 10
	}
	return 0
}

var langNames = map[int]string{0: "English (US)", 7: "French", 8: "German", 10: "Swedish"}

// screenPop is what the driver reports as the contact's data for a call
// of this caller, for Offer's expected contact.
func screenPop(c simulator.Caller) map[string]string {
	return map[string]string{
		"priority":      priority(c.Tier),
		"customer_id":   c.CRMID,
		"customer_name": c.Name,
		"language":      langNames[langCode(c.Lang)],
	}
}

// response is a reply to a request (L502-512, L590-610, L1217-1227).
func (s *Server) response(message string, reqID int64, result int, extra ...kv) obj {
	o := obj{{"version", 1}, {"topic", topic}, {"message", message}, {"request-id", reqID}}
	o = append(o, extra...)
	return o.set("result", result)
}
