package send_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"duotui/duo/duotest"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// TestGolden records the screens users get, at 80x24 and 120x40, on the
// test clock so the timings are stable. Update with -update and read them.
func TestGolden(t *testing.T) {
	scenes := []struct {
		name string
		opts uitest.Options
		play func(r *run)
	}{
		{"push-approved", uitest.Options{}, func(r *run) {
			r.pick("alice")
			r.key("p")
			r.waitScreen("0.0 s pushed")
			r.waitFor("the push on the phone", func() bool { return len(r.srv.Pending()) == 1 })
			r.clk.Advance(4100 * time.Millisecond)
			if err := r.srv.Answer(r.srv.Pending()[0].TxID, true); err != nil {
				r.t.Fatal(err)
			}
			r.waitScreen("✓ Approved")
			r.audited(1)
		}},
		{"sms-passcode", uitest.Options{}, func(r *run) {
			r.pick("alice")
			r.key("s")
			r.waitScreen("This spends Duo telephony credits: 1000 remain.")
			r.key("y")
			r.waitScreen("Type one of the passcodes")
			r.clk.Advance(20 * time.Second)
			r.typeText(r.srv.Phone("alice").SMSPasscodes()[0])
			r.key("enter")
			r.waitScreen("✓ Passcode accepted")
			r.audited(2)
		}},
		{"locked-out", uitest.Options{}, func(r *run) {
			r.pick("frank")
			r.waitScreen("Locked out")
		}},
		{"viewer", uitest.Options{Role: common.RoleViewer}, func(r *run) {
			r.pick("bob")
			r.key("down")
			r.key("c")
			r.waitScreen("viewer role")
			r.audited(1)
		}},
	}
	for _, sc := range scenes {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				srv := duotest.NewServer(t)
				r := start(t, srv, sc.opts, size[0], size[1])
				sc.play(r)
				if err := r.tm.Quit(); err != nil {
					t.Fatal(err)
				}
				out := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
				teatest.RequireEqualOutput(t, []byte(out))
			})
		}
	}
}
