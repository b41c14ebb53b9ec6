package clock_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"duotui/config"
	"duotui/model"
	"duotui/ui/clock"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// TestGolden records the screens users get at 80x24 and 120x40. Duo's clock
// is a virtual one (the measured numbers are the same every run); the Auth
// API client talks to the simulator for the signed check.
func TestGolden(t *testing.T) {
	fakeNTP := func(context.Context, string, time.Duration) (model.NTPResult, error) {
		return model.NTPResult{Server: "ntp.example.com", Offset: 41 * time.Millisecond, RTT: 8 * time.Millisecond, Stratum: 2}, nil
	}
	scenes := []struct {
		name   string
		offset time.Duration // Duo − local
		noSim  bool
		ntp    string
		fakes  func(v *virtualDuo) clock.Fakes
		play   func(r *run)
		sizes  [][2]int
	}{
		{name: "ok", offset: 37 * time.Millisecond, ntp: "ntp.example.com",
			fakes: func(v *virtualDuo) clock.Fakes {
				f := v.fakes(synced, timesyncd)
				f.NTP = fakeNTP
				return f
			},
			play: func(r *run) {
				r.waitScreen("ok: This server's clock is 37 ms slow", "ntp.example.com says", "Duo accepts requests", "The kernel says")
			}},
		{name: "slow-warn", offset: 2900 * time.Millisecond,
			fakes: func(v *virtualDuo) clock.Fakes { return v.fakes(unsynced, timesyncd) },
			play: func(r *run) {
				r.waitScreen("warn: This server's clock is 2.90 s slow", "Duo accepts requests", "The kernel says")
			}},
		{name: "fast-bad", offset: -45 * time.Second,
			fakes: func(v *virtualDuo) clock.Fakes { return v.fakes(synced, chrony) },
			play: func(r *run) {
				r.waitScreen("bad: This server's clock is 45 s fast", "Duo accepts requests", "The kernel says")
			}},
		{name: "no-host", noSim: true,
			fakes: func(v *virtualDuo) clock.Fakes { return v.fakes(synced, timesyncd) },
			play:  func(r *run) { r.waitScreen("No Duo API host is configured", "The kernel says") }},
		{name: "explain", offset: 2900 * time.Millisecond, sizes: [][2]int{{80, 24}},
			fakes: func(v *virtualDuo) clock.Fakes { return v.fakes(unsynced, timesyncd) },
			play: func(r *run) {
				r.waitScreen("warn: This server's clock is 2.90 s slow", "Duo accepts requests")
				r.key("e")
				r.waitScreen(`── "The second factor you supplied was incorrect"`)
			}},
	}
	for _, sc := range scenes {
		sizes := sc.sizes
		if sizes == nil {
			sizes = [][2]int{{80, 24}, {120, 40}}
		}
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				var s *common.Session
				if sc.noSim {
					s = uitest.Session(t, nil, uitest.Options{})
				} else {
					s = uitest.Session(t, newServer(t, sc.offset), uitest.Options{})
				}
				if sc.ntp != "" {
					setNTP(s, sc.ntp)
				}
				r := start(t, s, sc.fakes(newVirtualDuo(sc.offset)), size[0], size[1])
				sc.play(r)
				out := r.final().View()
				teatest.RequireEqualOutput(t, []byte(out))
			})
		}
	}
}

// setNTP configures [clock] ntp_server in the session's config.
func setNTP(s *common.Session, server string) {
	cl := s.Clients()
	f := &config.File{Path: s.ConfigPath, Config: config.Config{Clock: config.Clock{NTPServer: server}}}
	s.SetClients(f, cl.Creds, cl)
}
