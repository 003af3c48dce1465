package claritysim

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.999Z")
}

func list[T any](items []T) map[string]any {
	if items == nil {
		items = []T{}
	}
	return map[string]any{"items": items, "count": len(items)}
}

func (s *Sim) sortedSessions() []*session {
	out := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		out = append(out, ss)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// sessionBase is the Session Base record.
func (s *Sim) sessionBase(ss *session) map[string]any {
	m := map[string]any{
		"sessionId": ss.ID, "sessionType": "Queued", "queueId": ss.QueueID,
		"queueName": ss.Caller.Queue, "customerId": ss.Caller.CRMID,
		"customerName": ss.Caller.Name, "customerPhone": "tel:" + ss.Caller.Number,
		"agentId": s.agentID, "agentName": "Peter Miller",
		"modalityId": 2, "modality": "Audio",
		"startTimeStamp": ts(ss.Start), "callFlowName": "Main IVR", "callFlowId": 1,
	}
	if ss.Note != "" {
		m["callNote"] = ss.Note
	}
	if d := findDisposition(ss.DispID); d != nil {
		m["selectedCallDisposition"] = map[string]any{"callDispositionId": d.ID, "name": d.Name}
		for _, sub := range d.Subs {
			if sub.ID == ss.SubID {
				m["selectedCallSubDisposition"] = map[string]any{"callSubDispositionId": sub.ID, "name": sub.Name}
			}
		}
	}
	return m
}

// modelSession adds the Model Session fields; in the sessions list the
// after-call status is spelled "After Call", as S18 prints it.
func (s *Sim) modelSession(ss *session, inList bool) map[string]any {
	m := s.sessionBase(ss)
	status := ss.Status
	if inList && status == ssAfterCall {
		status = "After Call"
	}
	now := time.Now()
	active := 0
	if !ss.Answered.IsZero() {
		end := now
		if !ss.End.IsZero() {
			end = ss.End
		}
		active = int(end.Sub(ss.Answered).Milliseconds())
	}
	m["sessionStatus"] = status
	m["isRecording"], m["canBeRecorded"] = false, true
	m["isSilentJoined"], m["isWhisperJoined"] = false, false
	m["canBeSilentJoined"], m["canBeWhisperJoined"] = true, true
	m["queuedMs"], m["activeMs"] = 0, active
	m["isOnHold"] = ss.OnHold
	if ss.OnHold {
		m["holdStartTime"] = ts(ss.HoldStart)
	}
	if !ss.Answered.IsZero() {
		m["answeredTimeStamp"] = ts(ss.Answered)
		m["activeTimeStamp"] = ts(ss.Answered)
	}
	if !ss.End.IsZero() {
		m["endTimeStamp"] = ts(ss.End)
	}
	m["sessionHasEnded"] = ss.ended()
	if ss.ScreenPop != "" {
		m["screenPopUrl"] = ss.ScreenPop
	}
	return m
}

// sessionDetail is Session by ID with the include flags honoured.
func (s *Sim) sessionDetail(ss *session, q url.Values) map[string]any {
	m := s.modelSession(ss, false)
	flag := func(k string) bool { return strings.EqualFold(q.Get(k), "true") }
	var agents, offers []map[string]any
	switch ss.Status {
	case ssNotifying:
		offers = append(offers, map[string]any{"agentId": s.agentID, "agentName": "Peter Miller",
			"agentParticipationTypeId": 1, "agentParticipationType": "Agent",
			"agentParticipationStatusId": 2, "agentParticipationStatus": "Offering",
			"allocatedTimeStamp": ts(ss.Start), "offeredTimeStamp": ts(ss.Start)})
	case ssActive, ssAfterCall:
		st, stID := "Accepted", 3
		if ss.Status == ssAfterCall {
			st, stID = "AfterCall", 4
		}
		agents = append(agents, map[string]any{"agentId": s.agentID, "agentName": "Peter Miller",
			"agentParticipationTypeId": 1, "agentParticipationType": "Agent",
			"agentParticipationStatusId": stID, "agentParticipationStatus": st,
			"acceptedTimeStamp": ts(ss.Answered), "afterCallStartTimeStamp": ts(ss.AfterCallStart),
			"isPrimaryAgent": true})
	}
	m["agents"], m["offers"] = list(agents), list(offers)
	if flag("includeCustomerHistory") {
		limit := 3
		if n, err := strconv.Atoi(q.Get("customerHistoryLimit")); err == nil && n > 0 {
			limit = min(n, 50)
		}
		m["customerHistory"] = s.history(ss, limit)
	}
	if flag("includeAftercallOptions") {
		m["aftercallOptions"] = map[string]any{"isManualAfterCallEnabled": true,
			"afterCalltimeSeconds": int(s.cfg.AfterCall.Seconds()), "id": 0}
	}
	if flag("includeHoldTimerThreshold") {
		m["holdTimerThreshold"] = 60
	}
	if flag("includeImPrompts") {
		m["imPrompts"] = list([]map[string]any{})
	}
	if flag("includeIvrData") {
		var nodes []map[string]any
		for _, n := range ss.IVR {
			nodes = append(nodes, map[string]any{"nodeName": n.Name, "nodeNote": n.Note,
				"selectedResult": n.SelectedResult, "duration": 0, "type": "ivrNode", "id": n.ID})
		}
		m["ivrData"] = list([]map[string]any{{"callFlowName": "Main IVR", "ivrNodes": list(nodes), "type": "ivrData", "id": ss.ID}})
	}
	if flag("includeDispositions") {
		var ds []map[string]any
		for _, d := range dispositions {
			var subs []map[string]any
			for _, sub := range d.Subs {
				subs = append(subs, map[string]any{"subDispositionId": sub.ID, "subDisposition": sub.Name, "id": sub.ID})
			}
			ds = append(ds, map[string]any{"dispositionId": d.ID, "disposition": d.Name, "businessUnitId": 1,
				"subDispositions": list(subs), "type": "callDisposition", "id": d.ID})
		}
		m["callDispositions"] = list(ds)
	}
	if flag("includeCurrentTranscript") {
		m["transcript"] = list([]map[string]any{})
	}
	if flag("includeExtraItems") {
		var xs []map[string]any
		for _, e := range ss.Extra {
			xs = append(xs, map[string]any{"extraItemId": -1, "key": e.Key, "value": e.Value,
				"type": "extraItem", "id": e.ID, "isSearchable": false})
		}
		m["extraItems"] = list(xs)
	}
	if flag("includeSessionEventHistory") {
		var es []map[string]any
		for _, e := range ss.Events {
			es = append(es, map[string]any{"eventText": e.Text, "lastUpdated": ts(e.At), "updatedBy": "APP-01", "id": e.ID})
		}
		m["sessionEventHistory"] = list(es)
	}
	m["sessionMessages"] = list([]map[string]any{})
	return m
}

func (s *Sim) history(ss *session, limit int) map[string]any {
	var items []map[string]any
	for i, h := range ss.History {
		if i >= limit {
			break
		}
		items = append(items, map[string]any{
			"agentId": 41, "agentName": h.Agent, "customerId": ss.Caller.CRMID,
			"customerName": ss.Caller.Name, "customerPhone": "tel:" + ss.Caller.Number,
			"modality": "Audio", "modalityId": h.Modality, "sessionId": h.ID,
			"sessionType": "Queued", "queueId": ss.QueueID, "queueName": h.Queue,
			"startTimeStamp": ts(h.Start),
		})
	}
	return list(items)
}
