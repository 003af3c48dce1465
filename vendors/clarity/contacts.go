package clarity

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
)

// tracked is one session the driver follows until it ends.
type tracked struct {
	c           vendors.Contact
	detailed    bool // the screen pop details were fetched
	detailTries int
	// wrap maps disposition id -> allowed sub-disposition ids, from the
	// session's callDispositions; nil while unknown.
	wrap map[int]map[int]bool
}

// update applies a sessions-list item and reports whether the contact
// changed in a way the desk must see.
func (t *tracked) update(it sessionItem, now time.Time) bool {
	st, ok := contactStatus(it)
	if !ok {
		st = t.c.Status
		if st == "" {
			st = vendors.ContactConnected // an unknown status on a listed (active) session
		}
	}
	c := &t.c
	before := *c
	if c.ID == "" {
		c.ID = strconv.Itoa(int(it.SessionID))
		c.Channel = channelOf(it)
		c.Direction = directionOf(it)
	}
	if v := fromNumber(string(it.CustomerPhone)); v != "" {
		c.From = v
	}
	if v := strings.TrimSpace(string(it.CustomerName)); v != "" {
		c.Name = v
	}
	if v := strings.TrimSpace(string(it.QueueName)); v != "" {
		c.Queue = v
	}
	if v := strings.TrimSpace(string(it.ScreenPopURL)); v != "" {
		c.ScreenPopURL = v
	}
	c.Raw = strings.TrimSpace(string(it.SessionStatus))
	if st != c.Status || c.Since.IsZero() {
		c.Status = st
		c.Since = sinceOf(it, st, now)
	}
	return c.Status != before.Status || c.From != before.From || c.Name != before.Name ||
		c.Queue != before.Queue || c.ScreenPopURL != before.ScreenPopURL || c.Raw != before.Raw
}

func sinceOf(it sessionItem, st vendors.ContactStatus, now time.Time) time.Time {
	var s string
	switch st {
	case vendors.ContactOffered:
		s = string(it.StartTimeStamp)
	case vendors.ContactConnected:
		s = string(it.AnsweredTimeStamp)
	case vendors.ContactHeld:
		s = string(it.HoldStartTime)
	case vendors.ContactEnded:
		s = string(it.EndTimeStamp)
	}
	if t := parseTime(s); !t.IsZero() {
		return t
	}
	return now
}

// fromNumber shows a tel: URI as its number; SIP URIs stay as they are
// (they name a Skype for Business user).
func fromNumber(s string) string {
	s = strings.TrimSpace(s)
	if v, ok := strings.CutPrefix(strings.ToLower(s), "tel:"); ok {
		return s[len(s)-len(v):]
	}
	if strings.EqualFold(s, "NOTSET") {
		return ""
	}
	return s
}

// dnisKeys are extra-item keys that carry the dialled number: the document
// has no DNIS field, deployments put it in an extra item.
var dnisKeys = map[string]bool{"dnis": true, "dialednumber": true, "callednumber": true, "dialed_number": true}

// applyDetail fills the screen pop from Session by ID: extra items as Data,
// customer id, call flow and IVR path, customer history, screen-pop URL and
// the session's dispositions. Bad nested items are logged and skipped.
func (t *tracked) applyDetail(d sessionDetail, log *slog.Logger) {
	c := &t.c
	data := map[string]string{}
	extras, bad, err := decodeItems[extraItem](d.ExtraItems)
	logBad(log, "extraItems", c.ID, bad, err)
	for _, e := range extras {
		k := strings.TrimSpace(string(e.Key))
		if k == "" {
			continue
		}
		data[k] = string(e.Value)
		if dnisKeys[strings.ToLower(k)] && c.To == "" {
			c.To = strings.TrimSpace(string(e.Value))
		}
	}
	if v := strings.TrimSpace(string(d.CustomerID)); v != "" {
		data["customer_id"] = v
	}
	if v := strings.TrimSpace(string(d.CallFlowName)); v != "" {
		data["call_flow"] = v
	}
	if v := strings.TrimSpace(string(d.CallNote)); v != "" {
		data["call_note"] = v
	}
	if p := ivrPath(d, c.ID, log); p != "" {
		data["ivr_path"] = p
	}
	if h := history(d, c.ID, log); h != "" {
		data["history"] = h
	}
	if v := strings.TrimSpace(string(d.ScreenPopURL)); v != "" {
		c.ScreenPopURL = v
	}
	if len(data) > 0 {
		c.Data = data
	}
	t.wrap = nil
	disps, bad, err := decodeItems[callDisposition](d.CallDispositions)
	logBad(log, "callDispositions", c.ID, bad, err)
	if disps != nil {
		t.wrap = map[int]map[int]bool{}
	}
	for _, dp := range disps {
		subs, bad, err := decodeItems[subDisposition](dp.SubDispositions)
		logBad(log, "subDispositions", c.ID, bad, err)
		m := map[int]bool{}
		for _, s := range subs {
			m[int(s.SubDispositionID)] = true
		}
		t.wrap[int(dp.DispositionID)] = m
	}
}

func ivrPath(d sessionDetail, id string, log *slog.Logger) string {
	data, bad, err := decodeItems[ivrData](d.IvrData)
	logBad(log, "ivrData", id, bad, err)
	var path []string
	for _, iv := range data {
		nodes, bad, err := decodeItems[ivrNode](iv.IvrNodes)
		logBad(log, "ivrNodes", id, bad, err)
		for _, n := range nodes {
			if v := strings.TrimSpace(string(n.NodeName)); v != "" {
				path = append(path, v)
			}
		}
	}
	return strings.Join(path, " > ")
}

func history(d sessionDetail, id string, log *slog.Logger) string {
	items, bad, err := decodeItems[sessionItem](d.CustomerHistory)
	logBad(log, "customerHistory", id, bad, err)
	var out []string
	for _, h := range items {
		day := ""
		if t := parseTime(string(h.StartTimeStamp)); !t.IsZero() {
			day = t.Format("2006-01-02") + " "
		}
		out = append(out, fmt.Sprintf("%s%s (%s)", day, strings.TrimSpace(string(h.QueueName)), strings.TrimSpace(string(h.AgentName))))
	}
	return strings.Join(out, "; ")
}

func logBad(log *slog.Logger, what, id string, bad int, err error) {
	if err != nil {
		log.Warn("clarity: malformed list skipped", "list", what, "session", id, "err", err)
	} else if bad > 0 {
		log.Warn("clarity: malformed items skipped", "list", what, "session", id, "count", bad)
	}
}

// wrapReasons lists a session's dispositions as wrap-up codes: "4" for a
// disposition, "4/8" for one of its sub-dispositions.
func wrapReasons(d sessionDetail) []vendors.Reason {
	disps, _, _ := decodeItems[callDisposition](d.CallDispositions)
	var out []vendors.Reason
	for _, dp := range disps {
		name := strings.TrimSpace(string(dp.Disposition))
		id := strconv.Itoa(int(dp.DispositionID))
		out = append(out, vendors.Reason{Code: id, Label: name})
		subs, _, _ := decodeItems[subDisposition](dp.SubDispositions)
		for _, s := range subs {
			out = append(out, vendors.Reason{Code: id + "/" + strconv.Itoa(int(s.SubDispositionID)),
				Label: name + " / " + strings.TrimSpace(string(s.SubDisposition))})
		}
	}
	return out
}

// parseWrapCode reads "4" or "4/8" (also "4.8" and "4:8").
func parseWrapCode(code string) (disp, sub int, err error) {
	a, b, has := strings.Cut(strings.NewReplacer(".", "/", ":", "/").Replace(strings.TrimSpace(code)), "/")
	if disp, err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
		return 0, 0, fmt.Errorf("wrap-up code %q is not a disposition id", code)
	}
	if has {
		if sub, err = strconv.Atoi(strings.TrimSpace(b)); err != nil {
			return 0, 0, fmt.Errorf("wrap-up code %q has a bad sub-disposition id", code)
		}
	}
	return disp, sub, nil
}
