package mitel

import (
	"context"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/mitel/mitelsim"
)

// TestCallFlow walks one inbound call through every command the feed has,
// with hold and retrieve done on the phone.
func TestCallFlow(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  mitelsim.Config
	}{
		{"plain", mitelsim.Config{}},
		{"split writes and other agents", mitelsim.Config{SplitWrites: true, OtherEvery: 2 * time.Millisecond}},
		{"document quirks", mitelsim.Config{DocQuirks: true, StringIDs: true, OmitSequence: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := startSim(t, tc.cfg)
			s, ev := openSim(t, sim)
			ev.conn(t, vendors.Connected)
			ev.synced(t)
			ev.state(t, vendors.StateNotReady) // logged in by Open
			do(t, s, vendors.Command{Kind: vendors.CmdReady})
			ev.state(t, vendors.StateReady)

			want, err := sim.Offer()
			if err != nil {
				t.Fatal(err)
			}
			got := ev.contact(t, want.ID, vendors.ContactOffered)
			if got.From != want.From || got.To != want.To || got.Name != want.Name || got.Queue != want.Queue || got.Direction != want.Direction {
				t.Fatalf("offered contact %+v, want %+v", got, want)
			}
			for k, v := range want.Data {
				if got.Data[k] != v {
					t.Errorf("data[%s] = %q, want %q", k, got.Data[k], v)
				}
			}
			do(t, s, vendors.Command{Kind: vendors.CmdAnswer, Contact: want.ID})
			ev.contact(t, want.ID, vendors.ContactConnected)
			if err := sim.Phone(vendors.CmdHold, want.ID); err != nil {
				t.Fatal(err)
			}
			ev.contact(t, want.ID, vendors.ContactHeld)
			if err := sim.Phone(vendors.CmdRetrieve, want.ID); err != nil {
				t.Fatal(err)
			}
			ev.contact(t, want.ID, vendors.ContactConnected)
			do(t, s, vendors.Command{Kind: vendors.CmdHangup, Contact: want.ID})
			ev.contact(t, want.ID, vendors.ContactWrapUp)
			ev.state(t, vendors.StateWrapUp)
			if err := s.ExtendWrapUp(context.Background(), want.ID); err != nil {
				t.Fatalf("manual-wrapup: %v", err)
			}
			do(t, s, vendors.Command{Kind: vendors.CmdWrapUp, Contact: want.ID, Code: "2", Notes: "asked about invoice"})
			ev.contact(t, want.ID, vendors.ContactEnded)
			ev.state(t, vendors.StateReady)
			do(t, s, vendors.Command{Kind: vendors.CmdNotReady, Reason: "1"})
			st := ev.state(t, vendors.StateNotReady)
			if st.Reason == nil || st.Reason.Code != "1" || st.Reason.Label != "Lunch" {
				t.Fatalf("reason %+v, want 1 Lunch", st.Reason)
			}
			do(t, s, vendors.Command{Kind: vendors.CmdLogout})
			ev.state(t, vendors.StateLoggedOut)
			if sim.State() != vendors.StateLoggedOut {
				t.Fatalf("simulator state %s after logout", sim.State())
			}
		})
	}
}
