package widgets

import (
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/vendors"
)

func TestElapsed(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"},
		{-5 * time.Second, "0:00"},
		{42 * time.Second, "0:42"},
		{12*time.Minute + 3*time.Second, "12:03"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
	} {
		if got := Elapsed(tc.d); got != tc.want {
			t.Errorf("Elapsed(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestNextMinute: the moment the minutes reading changes, checked against
// SinceMinutes itself just before and at that moment.
func TestNextMinute(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"just began", t0, t0.Add(time.Minute)},
		{"half a minute in", t0.Add(30 * time.Second), t0.Add(time.Minute)},
		{"on the minute", t0.Add(2 * time.Minute), t0.Add(3 * time.Minute)},
		{"an hour in", t0.Add(61*time.Minute + time.Second), t0.Add(62 * time.Minute)},
		{"clock skew", t0.Add(-10 * time.Second), t0.Add(time.Minute)},
	} {
		got := NextMinute(t0, tc.now)
		if !got.Equal(tc.want) {
			t.Errorf("%s: NextMinute = %v, want %v", tc.name, got, tc.want)
			continue
		}
		if tc.now.After(t0) && SinceMinutes(t0, got.Add(-time.Nanosecond)) != SinceMinutes(t0, tc.now) {
			t.Errorf("%s: the reading changed before %v", tc.name, got)
		}
		if SinceMinutes(t0, got) == SinceMinutes(t0, got.Add(-time.Nanosecond)) {
			t.Errorf("%s: the reading does not change at %v", tc.name, got)
		}
	}
	if !NextMinute(time.Time{}, t0).IsZero() {
		t.Error("an unknown start has a next change")
	}
}

func TestHumanize(t *testing.T) {
	for in, want := range map[string]string{
		"crm_id":       "CRM ID",
		"account":      "Account",
		"customerTier": "Customer tier",
		"id":           "Id",
		"order-number": "Order number",
	} {
		if got := Humanize(in); got != want {
			t.Errorf("Humanize(%q) = %q, want %q", in, got, want)
		}
	}
}

func kinds(acts []Action) []vendors.CommandKind {
	var out []vendors.CommandKind
	for _, a := range acts {
		out = append(out, a.Kind)
	}
	return out
}

func TestActions(t *testing.T) {
	all := vendors.Caps(nil, vendors.AllCommands...)
	phone := vendors.Caps(map[vendors.CommandKind]string{
		vendors.CmdAnswer: "answer on your phone", vendors.CmdHangup: "hang up on your phone",
		vendors.CmdHold: "hold on your phone", vendors.CmdTransfer: "transfer on your phone",
	}, vendors.CmdReady, vendors.CmdNotReady)
	c := func(st vendors.ContactStatus, related string) agent.Contact {
		return agent.Contact{Contact: vendors.Contact{ID: "C1", Status: st, Related: related}}
	}
	for _, tc := range []struct {
		name    string
		contact agent.Contact
		caps    vendors.Capabilities
		partner string
		want    []vendors.CommandKind
		hints   []string
	}{
		{"offered, all", c(vendors.ContactOffered, ""), all, "", []vendors.CommandKind{vendors.CmdAnswer, vendors.CmdReject}, nil},
		{"connected, all", c(vendors.ContactConnected, ""), all, "", []vendors.CommandKind{vendors.CmdHold, vendors.CmdTransfer, vendors.CmdHangup, vendors.CmdWrapUp}, nil},
		{"held, all", c(vendors.ContactHeld, ""), all, "", []vendors.CommandKind{vendors.CmdRetrieve, vendors.CmdTransfer, vendors.CmdHangup, vendors.CmdWrapUp}, nil},
		{"held with consult", c(vendors.ContactHeld, ""), all, "C2", []vendors.CommandKind{vendors.CmdRetrieve, vendors.CmdTransfer, vendors.CmdCompleteTransfer, vendors.CmdConference, vendors.CmdHangup, vendors.CmdWrapUp}, nil},
		{"consult call dialing", c(vendors.ContactDialing, "C1"), all, "C1", []vendors.CommandKind{vendors.CmdCompleteTransfer, vendors.CmdConference, vendors.CmdHangup}, nil},
		{"wrap-up", c(vendors.ContactWrapUp, ""), all, "", []vendors.CommandKind{vendors.CmdWrapUp, vendors.CmdEndWrapUp}, nil},
		{"offered, phone only", c(vendors.ContactOffered, ""), phone, "", nil, []string{"answer on your phone"}},
		{"connected, phone only", c(vendors.ContactConnected, ""), phone, "", nil, []string{"hold on your phone", "transfer on your phone", "hang up on your phone"}},
		{"consult only transfers", c(vendors.ContactConnected, ""), vendors.Caps(nil, vendors.CmdConsult), "", []vendors.CommandKind{vendors.CmdTransfer}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts, hints := Actions(tc.contact, tc.caps, tc.partner)
			if got := kinds(acts); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("actions = %v, want %v", got, tc.want)
			}
			if !reflect.DeepEqual(hints, tc.hints) {
				t.Errorf("hints = %q, want %q", hints, tc.hints)
			}
		})
	}
}

func TestStateItems(t *testing.T) {
	reasons := []vendors.Reason{{Code: "10", Label: "Break"}, {Code: "11", Label: "Lunch"}}
	all := vendors.Caps(nil, vendors.AllCommands...)
	cur := vendors.AgentState{State: vendors.StateNotReady, Reason: &reasons[1]}
	var picked []vendors.Command
	items := StateItems(cur, StateChoices{Caps: all, NotReady: reasons}, func(c vendors.Command) { picked = append(picked, c) })
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
		if it.Action != nil {
			it.Action()
		}
	}
	want := []string{"Ready", "", "Not ready — Break", "Not ready — Lunch"}
	if !reflect.DeepEqual(labels, want) {
		t.Fatalf("labels = %q, want %q", labels, want)
	}
	if !items[3].Checked || items[2].Checked || items[0].Checked {
		t.Errorf("the current reason (Lunch) should be the only one checked")
	}
	wantCmds := []vendors.Command{{Kind: vendors.CmdReady}, {Kind: vendors.CmdNotReady, Reason: "10"}, {Kind: vendors.CmdNotReady, Reason: "11"}}
	if !reflect.DeepEqual(picked, wantCmds) {
		t.Errorf("commands = %+v, want %+v", picked, wantCmds)
	}

	none := StateItems(cur, StateChoices{Caps: vendors.Caps(map[vendors.CommandKind]string{vendors.CmdReady: "set on your phone"})}, nil)
	if !none[0].Disabled || none[0].Label != "Ready — set on your phone" {
		t.Errorf("unsupported ready should be disabled with its hint, got %+v", none[0])
	}
}

func TestContactCardTaps(t *testing.T) {
	test.NewTempApp(t)
	var got []string
	card := NewContactCard(CardHandlers{
		Command:  func(c vendors.Command) { got = append(got, string(c.Kind)+":"+c.Contact) },
		Transfer: func(id string) { got = append(got, "transfer-dialog:"+id) },
		WrapUp:   func(id string) { got = append(got, "wrapup-dialog:"+id) },
		OpenCRM:  func(u string) { got = append(got, "crm:"+u) },
	})
	w := test.NewTempWindow(t, card)
	w.Resize(card.MinSize().Max(w.Canvas().Size()))
	all := vendors.Caps(nil, vendors.AllCommands...)
	show := func(st vendors.ContactStatus) {
		card.Update(CardView{Contact: agent.Contact{Contact: vendors.Contact{ID: "C7", Status: st, Name: "Ada", Data: map[string]string{"tier": "Gold"}}},
			Caps: all, CRMURL: "https://crm.example/?id=7", Now: time.Now()})
	}
	for _, tc := range []struct {
		status vendors.ContactStatus
		tap    vendors.CommandKind
		want   string
	}{
		{vendors.ContactOffered, vendors.CmdAnswer, "answer:C7"},
		{vendors.ContactOffered, vendors.CmdReject, "reject:C7"},
		{vendors.ContactConnected, vendors.CmdHold, "hold:C7"},
		{vendors.ContactConnected, vendors.CmdHangup, "hangup:C7"},
		{vendors.ContactConnected, vendors.CmdTransfer, "transfer-dialog:C7"},
		{vendors.ContactHeld, vendors.CmdRetrieve, "retrieve:C7"},
		{vendors.ContactWrapUp, vendors.CmdWrapUp, "wrapup-dialog:C7"},
		{vendors.ContactWrapUp, vendors.CmdEndWrapUp, "end_wrapup:C7"},
	} {
		got = nil
		show(tc.status)
		b := card.Button(tc.tap)
		if b == nil {
			t.Fatalf("%s: no %s button", tc.status, tc.tap)
		}
		test.Tap(b)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: tapping %s gave %v, want %s", tc.status, tc.tap, got, tc.want)
		}
	}
	got = nil
	test.Tap(card.CRMButton())
	if len(got) != 1 || got[0] != "crm:https://crm.example/?id=7" {
		t.Errorf("Open in CRM gave %v", got)
	}
	if card.Data().Value("tier") != "Gold" {
		t.Errorf("screen pop lacks tier=Gold")
	}
}

func TestWrapUpDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, NewQueueBoard())
	w.Resize(w.Canvas().Size().Max(MinDialogSize))
	codes := []vendors.Reason{{Code: "1", Label: "Sale"}, {Code: "2", Label: "Information given"}, {Code: "3", Label: "Complaint"}}
	var code, notes string
	ended := false
	d := ShowWrapUp(w, WrapUpOptions{Who: "Ada", Codes: codes, Notes: true, CanSubmit: true, CanEnd: true},
		func(c, n string) { code, notes = c, n }, func() { ended = true })
	if !d.Submit.Disabled() {
		t.Fatal("submit must wait for a code or notes")
	}
	test.Type(d.Search, "compl")
	if len(d.Shown()) != 1 || d.Shown()[0].Code != "3" {
		t.Fatalf("search kept %v, want Complaint only", d.Shown())
	}
	d.Search.OnSubmitted(d.Search.Text)
	if d.Selected() != "3" {
		t.Fatalf("Enter should take the only match, selected %q", d.Selected())
	}
	test.Type(d.Notes, "refund promised")
	test.Tap(d.Submit)
	if code != "3" || notes != "refund promised" {
		t.Errorf("submitted %q/%q", code, notes)
	}
	d2 := ShowWrapUp(w, WrapUpOptions{Who: "Ada", Codes: codes, CanSubmit: true, CanEnd: true}, nil, func() { ended = true })
	test.Tap(d2.End)
	if !ended {
		t.Error("End wrap-up did not call end")
	}
}

func TestTransferDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, NewQueueBoard())
	w.Resize(w.Canvas().Size().Max(MinDialogSize))
	for _, tc := range []struct {
		name        string
		blind, cons bool
		pick        string
		wantConsult bool
	}{
		{"blind by default", true, true, "", false},
		{"consult chosen", true, true, "Consult first", true},
		{"consult only", false, true, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var to string
			var consult bool
			d := ShowTransfer(w, "Ada", []string{"2002", "2003"}, tc.blind, tc.cons, func(x string, c bool) { to, consult = x, c })
			if !d.Submit.Disabled() {
				t.Fatal("transfer must wait for a destination")
			}
			if tc.pick != "" {
				d.Mode.SetSelected(tc.pick)
			}
			d.Dest.SetText("2002")
			test.Tap(d.Submit)
			if to != "2002" || consult != tc.wantConsult {
				t.Errorf("got to=%q consult=%v", to, consult)
			}
		})
	}
}

func TestTipShowsUnderButton(t *testing.T) {
	test.NewTempApp(t)
	b := NewTipButton("Answer", nil, "Answer (Ctrl+Shift+A)", nil)
	w := test.NewTempWindow(t, nil)
	w.SetContent(WithTips(w, container.NewVBox(widget.NewLabel("above"), b)))
	w.Resize(fyne.NewSize(300, 200))
	b.showTip()
	layer := tipLayerOf(w.Canvas())
	if len(layer.box.Objects) != 1 {
		t.Fatalf("tip layer holds %d objects, want the tip", len(layer.box.Objects))
	}
	tip := layer.box.Objects[0].(*fyne.Container)
	txt := tip.Objects[1].(*canvas.Text)
	if txt.Text != "Answer (Ctrl+Shift+A)" {
		t.Errorf("tip text %q", txt.Text)
	}
	if got, want := tip.Objects[0].Position().Y, b.Position().Y+b.Size().Height+2; got != want {
		t.Errorf("tip at y=%v, want just under the button at %v", got, want)
	}
	b.hideTip()
	if len(layer.box.Objects) != 0 {
		t.Error("tip not removed")
	}
}
