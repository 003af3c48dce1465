package mitel

import (
	"testing"

	"tandem/vendors"
)

// TestPhoneActions checks that hold, transfer and conference done on the
// phone (the feed has no command for them) show up as contact changes.
func TestPhoneActions(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  func(t *testing.T, sim simHandle, ev *events, id string)
	}{
		{"blind transfer", func(t *testing.T, sim simHandle, ev *events, id string) {
			must(t, sim.Phone(vendors.CmdTransfer, id))
			ev.contact(t, id, vendors.ContactWrapUp)
		}},
		{"consult then transfer", func(t *testing.T, sim simHandle, ev *events, id string) {
			cid, err := sim.Consult(id)
			must(t, err)
			ev.contact(t, id, vendors.ContactHeld)
			k := ev.contact(t, cid, vendors.ContactConnected)
			if k.Related != id || k.Direction != vendors.Outbound {
				t.Errorf("consultation %+v, want outbound related to %s", k, id)
			}
			must(t, sim.CompleteTransfer(cid))
			ev.contact(t, cid, vendors.ContactEnded)
			ev.contact(t, id, vendors.ContactWrapUp)
		}},
		{"consult then conference", func(t *testing.T, sim simHandle, ev *events, id string) {
			cid, err := sim.Consult(id)
			must(t, err)
			ev.contact(t, cid, vendors.ContactConnected)
			must(t, sim.Conference(cid))
			ev.contact(t, cid, vendors.ContactEnded)
			ev.contact(t, id, vendors.ContactConnected)
		}},
		{"consult cancelled", func(t *testing.T, sim simHandle, ev *events, id string) {
			cid, err := sim.Consult(id)
			must(t, err)
			ev.contact(t, cid, vendors.ContactConnected)
			must(t, sim.Phone(vendors.CmdHangup, cid))
			ev.contact(t, cid, vendors.ContactEnded)
			must(t, sim.Phone(vendors.CmdRetrieve, id))
			ev.contact(t, id, vendors.ContactConnected)
		}},
		{"caller hangs up", func(t *testing.T, sim simHandle, ev *events, id string) {
			must(t, sim.CallerHangup(id))
			ev.contact(t, id, vendors.ContactWrapUp)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := startSim(t, simConfigWithTraffic())
			s, ev := openSim(t, sim)
			do(t, s, vendors.Command{Kind: vendors.CmdReady})
			ev.state(t, vendors.StateReady)
			want, err := sim.Offer()
			must(t, err)
			must(t, sim.Phone(vendors.CmdAnswer, want.ID))
			ev.contact(t, want.ID, vendors.ContactConnected)
			tc.act(t, sim, ev, want.ID)
		})
	}
}

// simHandle is what the phone tests use of the simulator.
type simHandle interface {
	Phone(vendors.CommandKind, string) error
	Consult(string) (string, error)
	CompleteTransfer(string) error
	Conference(string) error
	CallerHangup(string) error
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
