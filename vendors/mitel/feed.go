package mitel

import (
	"encoding/json"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"tandem/vendors"
)

// callMessages names every call activity event (L2088-2844). These arrive
// for every call of the contact center (the subscription is wildcard only,
// L577), so they take the fast path.
var callMessages = map[string]bool{
	"type-change": true, "agent-reinsert": true, "call-cleared": true,
	"conferenced": true, "conn-cleared": true, "delivered": true,
	"dequeued": true, "diverted": true, "established": true, "held": true,
	"initiated": true, "interflowed": true, "ivr-app-started": true,
	"ivr-app-ended": true, "to-no-agent-dest": true, "no-wrap": true,
	"overflowed": true, "queued": true, "retrieved": true, "routed": true,
	"route-request": true, "state-change": true, "transferred": true,
	"wrap-ended": true, "wrap-code": true,
}

// agentKeyed are the call events that name the agent instead of a device.
var agentKeyed = map[string]bool{
	"wrap-ended": true, "wrap-code": true, "no-wrap": true, "agent-reinsert": true,
}

// feed turns the server's messages into model events for one agent. It
// owns the agent's state and calls; the session's reader feeds it one
// message at a time and Do reads it under the same lock. It does no I/O,
// so the benchmark and the fuzz targets run it on recorded bytes.
type feed struct {
	mu       sync.Mutex
	agentID  string
	ext      string
	agentTok []byte
	extTok   []byte
	log      *slog.Logger
	emit     func(vendors.Event)
	now      func() time.Time

	// onResponse receives every reply that carries a result, matched by
	// request-id; called with mu held, so it must not call back in.
	onResponse func(r response)
	// onStats is told when the agent's statistics arrived (resync).
	onStats func()

	seq       seqTracker
	state     vendors.AgentState
	stateCode int64 // last code from statistics; -1 unknown
	reasons   map[string][]vendors.Reason
	groups    map[string]string
	calls     map[string]*call
	syncing   bool

	// skipped counts call events recognised as other agents' calls.
	skipped int64
	// malformed counts messages that failed to decode.
	malformed int64
}

func newFeed(agentID, ext string, log *slog.Logger, emit func(vendors.Event)) *feed {
	agentID, ext = strings.TrimSpace(agentID), strings.TrimSpace(ext)
	return &feed{
		agentID: agentID, ext: ext,
		agentTok: []byte(agentID), extTok: []byte(ext),
		log: log, emit: emit, now: time.Now,
		stateCode:  -1,
		reasons:    map[string][]vendors.Reason{},
		groups:     map[string]string{},
		calls:      map[string]*call{},
		onResponse: func(response) {},
		onStats:    func() {},
	}
}

// handle interprets one message (without its NUL). A call event of another
// agent is recognised from the raw bytes and dropped without a decode or
// an allocation.
func (f *feed) handle(msg []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if seq, ok := peekUint32(msg, keySequence); ok {
		if missed, back := f.seq.observe(seq); missed > 0 || back {
			f.log.Debug("mitel: sequence jump", "seq", seq, "missed", missed, "backward", back)
		}
	}
	name, ok := peekValue(msg, keyMessage)
	if ok && callMessages[string(name)] {
		if !f.mightBeOurs(msg, name) {
			f.skipped++
			return
		}
		f.handleCall(msg)
		return
	}
	f.handleOther(msg, string(normName(name)))
}

// mightBeOurs is the cheap test: a call we already follow, an event that
// names our agent, or our extension anywhere in the message as a whole
// value. A false positive only costs a decode; handleCall decides.
func (f *feed) mightBeOurs(msg, name []byte) bool {
	rest := msg
	if id, ok := peekValue(msg, keyCallID); ok {
		if f.calls[string(id)] != nil {
			return true
		}
		// Devices follow the envelope: search after the call-id, so the
		// sequence number or the time never pass for our extension.
		rest = msg[cap(msg)-cap(id)+len(id):]
	}
	if agentKeyed[string(name)] {
		id, ok := peekValue(msg, keyAgentID)
		return ok && string(id) == f.agentID
	}
	if len(f.calls) > 0 && (string(name) == "transferred" || string(name) == "conferenced") {
		if id, ok := peekValue(msg, keySecCall); ok && f.calls[string(id)] != nil {
			return true
		}
	}
	return hasToken(rest, f.extTok)
}

func (f *feed) bad(what string, err error) {
	f.malformed++
	f.log.Warn("mitel: skipped a malformed message", "message", what, "err", err)
}

func (f *feed) handleCall(msg []byte) {
	var ev callEvent
	if err := json.Unmarshal(msg, &ev); err != nil {
		f.bad("call activity", err)
		return
	}
	f.onCall(&ev, string(normName([]byte(ev.Message))))
}

func (f *feed) handleOther(msg []byte, name string) {
	switch name {
	case "", "authenticate", "subscribe-events", "unsubscribe-events", "command":
		var r response
		if err := json.Unmarshal(msg, &r); err != nil {
			f.bad("response", err)
			return
		}
		if r.Result != nil && r.RequestID != nil {
			f.onResponse(r)
		}
	case "agent-login", "agent-release", "agent-idle", "agent-wrap", "agent-reserved", "agent-on-call":
		var ev agentEvent
		if err := json.Unmarshal(msg, &ev); err != nil {
			f.bad(name, err)
			return
		}
		if string(ev.AgentID) != f.agentID {
			return
		}
		f.onAgent(&ev, name)
	case "entity-snapshot", "entity-update":
		var ev entityMsg
		if err := json.Unmarshal(msg, &ev); err != nil {
			f.bad(name, err)
			return
		}
		f.onEntity(&ev)
	case "daily-agent-stats":
		var st agentStats
		if err := json.Unmarshal(msg, &st); err != nil {
			f.bad(name, err)
			return
		}
		if string(st.AgentID) == f.agentID && st.State != nil {
			f.onStatsState(int64(*st.State), string(st.ReleaseCode), serverTime("", string(st.StateStart), f.now()))
		}
	default:
		// Statistics and the rest are not used by the desk.
		if !json.Valid(msg) {
			f.bad(name, errNotJSON)
		}
	}
}

type strErr string

func (e strErr) Error() string { return string(e) }

const errNotJSON = strErr("not JSON")

// reason finds a code's label in the snapshot, keeping the code when the
// snapshot does not know it.
func (f *feed) reason(kind, code string) *vendors.Reason {
	code = strings.TrimSpace(code)
	if code == "" || code == "0" {
		return nil
	}
	for _, r := range f.reasons[kind] {
		if r.Code == code {
			r := r
			return &r
		}
	}
	return &vendors.Reason{Code: code, Label: code}
}

// setState emits the state when it changed, or always when force is set
// (after a resync the desk wants the full picture).
func (f *feed) setState(st vendors.State, raw string, why *vendors.Reason, since time.Time, force bool) {
	old := f.state
	same := old.State == st && sameReason(old.Reason, why)
	f.state = vendors.AgentState{State: st, Reason: why, Raw: raw, Since: since}
	if same && !force {
		f.state.Since = old.Since
		return
	}
	if f.syncing && !force {
		return // reported once the resync finishes
	}
	f.emit(vendors.StateEvent{State: f.state})
}

func sameReason(a, b *vendors.Reason) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Code == b.Code
}

func (f *feed) onAgent(ev *agentEvent, name string) {
	st, raw, _ := fromAgentEvent(name)
	at := serverTime(string(ev.GMT), string(ev.Timestamp), f.now())
	var why *vendors.Reason
	if name == "agent-release" {
		why = f.reason("release", string(ev.ReleaseCode))
	}
	f.stateCode = -1
	if st != vendors.StateWrapUp {
		f.endWrapUps(at) // leaving wrap-up ends its contacts
	} else if cl := f.calls[string(ev.CallID)]; cl != nil {
		cl.acd = true
		f.setStatus(cl, vendors.ContactWrapUp, at)
	}
	f.setState(st, raw, why, at, false)
}

func (f *feed) onStatsState(code int64, release string, at time.Time) {
	st, raw, ok := fromStateCode(code)
	if !ok {
		f.log.Info("mitel: unknown agent state code", "code", code)
		return
	}
	f.stateCode = code
	var why *vendors.Reason
	if st == vendors.StateNotReady {
		why = f.reason("release", release)
	}
	f.setState(st, raw, why, at, false)
	f.onStats()
}

func (f *feed) onEntity(ev *entityMsg) {
	// A snapshot replaces the list; an update adds, changes or deletes
	// entries (L1396). The document says codes only come as snapshots
	// (L1397) but also lists release-code-update (L1395): both work.
	update := strings.EqualFold(string(ev.Message), "entity-update")
	del := update && strings.EqualFold(strings.TrimSpace(string(ev.UpdateType)), "delete")
	changed := false
	for key, items := range ev.Items {
		switch key {
		case "release-codes":
			got := reasonsOf(items, "release-code-id", "release-code-name", "release-code-short-name")
			f.reasons["release"] = mergeReasons(f.reasons["release"], got, update, del)
			changed = true
		case "wrapup-codes":
			got := reasonsOf(items, "wrapup-id", "wrapup-name", "wrapup-code", "wrapup-code-id")
			f.reasons["wrapup"] = mergeReasons(f.reasons["wrapup"], got, update, del)
			changed = true
		case "groups":
			if !update {
				f.groups = map[string]string{}
			}
			for _, g := range items {
				if id := g["group-id"]; id != "" {
					if del {
						delete(f.groups, id)
					} else {
						f.groups[id] = g["group-name"]
					}
				}
			}
		}
	}
	if changed {
		f.emit(vendors.ReasonsEvent{NotReady: f.reasons["release"], WrapUp: f.reasons["wrapup"]})
	}
}

// mergeReasons applies a snapshot (replace) or an update to a code list.
func mergeReasons(old, got []vendors.Reason, update, del bool) []vendors.Reason {
	if !update {
		return got
	}
	out := make([]vendors.Reason, 0, len(old)+len(got))
	for _, r := range old {
		keep := true
		for _, g := range got {
			keep = keep && g.Code != r.Code
		}
		if keep {
			out = append(out, r)
		}
	}
	if !del {
		out = append(out, got...)
	}
	sort.SliceStable(out, func(i, j int) bool { return codeLess(out[i].Code, out[j].Code) })
	return out
}

// reasonsOf reads code entities; idKeys beyond the first are fallbacks
// for the spellings the document uses (wrapup-id vs wrapup-code-id).
func reasonsOf(items []entityFields, idKey, nameKey, shortKey string, more ...string) []vendors.Reason {
	out := make([]vendors.Reason, 0, len(items))
	for _, it := range items {
		id := it[idKey]
		for _, k := range more {
			if id == "" {
				id = it[k]
			}
		}
		if id == "" {
			continue
		}
		label := it[nameKey]
		if label == "" {
			label = it[shortKey]
		}
		if label == "" {
			label = id
		}
		out = append(out, vendors.Reason{Code: id, Label: label})
	}
	sort.SliceStable(out, func(i, j int) bool { return codeLess(out[i].Code, out[j].Code) })
	return out
}

func codeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// beginSync starts a (re)connection: a new sequence space and a picture
// to rebuild.
func (f *feed) beginSync() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq.reset()
	f.syncing = true
	f.stateCode = -1
}

// finishSync reports the whole picture and SyncedEvent. The server does
// not replay calls in progress (note §9.1), so the calls we knew are kept
// only when the agent's state code says the agent is still on one (or in
// wrap-up, for wrap-up contacts); unknown state keeps them.
func (f *feed) finishSync() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncing = false
	if f.state.State != "" { // nothing said yet: no state to report
		f.setState(f.state.State, f.state.Raw, f.state.Reason, f.state.Since, true)
	}
	ids := make([]string, 0, len(f.calls))
	for id := range f.calls {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		cl := f.calls[id]
		if !f.keepAfterSync(cl) {
			delete(f.calls, id)
			continue
		}
		f.emit(vendors.ContactEvent{Contact: cl.c.Clone()})
	}
	f.emit(vendors.SyncedEvent{})
}

func (f *feed) keepAfterSync(cl *call) bool {
	switch {
	case f.stateCode < 0:
		return true
	case f.stateCode == 4:
		return cl.c.Status == vendors.ContactWrapUp
	case f.stateCode == 0 || f.stateCode == 1 || f.stateCode == 7:
		return false
	}
	return cl.c.Status != vendors.ContactWrapUp
}

// snapshot returns the agent state and whether the call is known, for Do.
func (f *feed) lookup(id string) (vendors.AgentState, *vendors.Contact) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cl := f.calls[id]; cl != nil {
		c := cl.c.Clone()
		return f.state, &c
	}
	return f.state, nil
}
