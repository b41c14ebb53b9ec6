package model

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"duotui/duo"
)

func TestSetupChecklistOrder(t *testing.T) {
	var ids []string
	for _, s := range SetupSteps(false) {
		if s.Title == "" || s.Help == "" || strings.Contains(s.Help, "\n") {
			t.Fatalf("step %+v needs a title and one line of help", s)
		}
		ids = append(ids, s.ID)
	}
	want := []string{"account", "login", "applications", "protect", "find", "protect-this", "keys"}
	if !slices.Equal(ids, want) {
		t.Fatalf("steps %v, want %v", ids, want)
	}
	web := SetupSteps(true)
	if len(web) != 8 || web[7].Title != "Protect this Application under Web SDK" ||
		!strings.Contains(web[7].Help, "Client ID, Client secret and API hostname") {
		t.Fatalf("web sdk step %+v", web[len(web)-1])
	}
}

// Quit mid-way, save the progress (as the config package would, in TOML or
// JSON), start again: the wizard is at the same step with the same ticks.
func TestSetupProgressResumesAfterRestart(t *testing.T) {
	var p SetupProgress
	p.TickAndNext() // account
	p.TickAndNext() // login
	p.TickAndNext() // applications
	p.Toggle()      // tick "protect" but stay on it
	p.SetWebSDK(true)
	before := p.Current()

	codecs := map[string]struct {
		enc func(any) ([]byte, error)
		dec func([]byte, any) error
	}{
		"json": {json.Marshal, json.Unmarshal},
		"toml": {func(v any) ([]byte, error) {
			var b bytes.Buffer
			err := toml.NewEncoder(&b).Encode(v)
			return b.Bytes(), err
		}, func(b []byte, v any) error { return toml.Unmarshal(b, v) }},
	}
	for name, c := range codecs {
		t.Run(name, func(t *testing.T) {
			saved, err := c.enc(p)
			if err != nil {
				t.Fatal(err)
			}
			var restored SetupProgress
			if err := c.dec(saved, &restored); err != nil {
				t.Fatal(err)
			}
			if restored.Current() != before || before.ID != "protect" {
				t.Fatalf("resumed at %q, want %q (saved %s)", restored.Current().ID, before.ID, saved)
			}
			if !slices.Equal(restored.Ticked, []string{"account", "login", "applications", "protect"}) || !restored.WebSDK {
				t.Fatalf("restored %+v", restored)
			}
		})
	}
}

func TestSetupProgressNavigation(t *testing.T) {
	var p SetupProgress
	if p.Back() {
		t.Fatal("moved back from the first step")
	}
	for p.Next() {
	}
	if p.Current().ID != "keys" || p.Done() {
		t.Fatalf("at %q done=%v", p.Current().ID, p.Done())
	}
	p.SetWebSDK(true)
	if !p.Next() || p.Current().ID != "web-sdk" {
		t.Fatalf("web sdk step missing: %q", p.Current().ID)
	}
	if p.Toggle() != true || p.Toggle() != false {
		t.Fatal("toggle")
	}
	p.SetWebSDK(false) // the step disappears: stay in range
	if p.Current().ID != "keys" {
		t.Fatalf("at %q after dropping web sdk", p.Current().ID)
	}
	for _, s := range SetupSteps(false) {
		p.Ticked = append(p.Ticked, s.ID)
	}
	if !p.Done() {
		t.Fatal("all ticked but not done")
	}
}

func TestSetupProgressNormalizesForeignFiles(t *testing.T) {
	p := SetupProgress{Step: 42, Ticked: []string{"login", "no-such-step", "login", "web-sdk"}}
	n := p.Normalized()
	if n.Step != 6 || !slices.Equal(n.Ticked, []string{"login"}) {
		t.Fatalf("%+v", n)
	}
	if (SetupProgress{Step: -3}).Current().ID != "account" {
		t.Fatal("negative step")
	}
}

func TestFieldFor(t *testing.T) {
	tests := []struct {
		kind duo.Kind
		want Field
	}{
		{duo.KindBadIKey, FieldIKey},
		{duo.KindBadSignature, FieldSKey},
		{duo.KindDNS, FieldHost},
		{duo.KindRefused, FieldHost},
		{duo.KindTimeout, FieldHost},
		{duo.KindTLSUnknownAuthority, FieldHost},
		{duo.KindTLSName, FieldHost},
		{duo.KindTLSExpired, FieldHost},
		{duo.KindTLS, FieldHost},
		{duo.KindBadDate, FieldClock},
		{duo.KindRateLimited, FieldNone},
		{duo.KindServer, FieldNone},
		{duo.KindProxy, FieldNone},
	}
	for _, tc := range tests {
		t.Run(tc.kind.String(), func(t *testing.T) {
			if got := FieldFor(tc.kind); got != tc.want {
				t.Fatalf("FieldFor(%v) = %q, want %q", tc.kind, got, tc.want)
			}
		})
	}
}

func TestValidationPlan(t *testing.T) {
	p := NewValidationPlan()
	if p.Next() != CheckDNSTLS || p.OK() {
		t.Fatal("fresh plan")
	}
	p.Start(CheckDNSTLS, t0)
	p.Finish(CheckDNSTLS, at(0.12), "api-12345678.duosecurity.com: certificate valid", nil)
	p.Start(CheckPing, at(0.12))
	p.Finish(CheckPing, at(0.2), "", nil)
	old := p // an earlier model value must not change
	p.Start(CheckSigned, at(0.2))
	p.Finish(CheckSigned, at(0.5), "", &duo.Error{Op: "GET /auth/v2/check", Kind: duo.KindBadSignature, HTTPStatus: 401, Code: 40103, Message: "Invalid signature in request credentials"})
	if old.Steps[2].Status != StatusPending {
		t.Fatal("an earlier copy of the plan changed")
	}
	f, ok := p.Failure()
	if !ok || f.ID != CheckSigned || f.Field != FieldSKey || f.Duration != 300*time.Millisecond || !strings.Contains(f.Detail, "secret key") {
		t.Fatalf("failure %+v", f)
	}
	if p.Steps[0].Duration != 120*time.Millisecond || p.Steps[3].Status != StatusSkipped || p.Next() != "" {
		t.Fatalf("steps %+v", p.Steps)
	}

	q := NewValidationPlan()
	for _, id := range []CheckID{CheckDNSTLS, CheckPing, CheckSigned} {
		q.Start(id, t0)
		q.Finish(id, t0, "", nil)
	}
	q.Start(CheckClock, t0)
	q.Fail(CheckClock, at(2), "This server's clock is 6 min fast of Duo's.", FieldClock)
	if f, _ := q.Failure(); f.Field != FieldClock || q.OK() {
		t.Fatalf("%+v", f)
	}
}

func TestWHMCSGuide(t *testing.T) {
	tests := []struct {
		version string
		menu    string
		fields  string
		webSDK  bool
	}{
		{"7.10", "Setup → Staff Management → Two-Factor Authentication", "Integration Key, Secret Key and API Hostname", false},
		{"v7", "Setup → Staff Management", "Integration Key", false},
		{"8.0", "Configuration → System Settings → Two Factor Authentication", "Integration Key, Secret Key and API Hostname", false},
		{"8.8.3", "Configuration → System Settings", "Secret Key", false},
		{"8.9", "Configuration → System Settings", "Client ID, Client Secret and API Hostname", true},
		{"8.13.1", "Configuration → System Settings", "Client ID", true},
		{"9.0", "Configuration → System Settings", "Client Secret", true},
	}
	for _, tc := range tests {
		t.Run(tc.version, func(t *testing.T) {
			g, err := WHMCSGuide(tc.version)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(g.Steps, "\n")
			if !strings.HasPrefix(g.Menu, tc.menu) || !strings.Contains(all, tc.fields) || g.WebSDK != tc.webSDK {
				t.Fatalf("%+v", g)
			}
			for _, want := range []string{"Activate next to Duo Security", "Enable for Staff and/or Enable for Clients", "Save Changes"} {
				if !strings.Contains(all, want) {
					t.Fatalf("steps miss %q:\n%s", want, all)
				}
			}
			notes := strings.Join(g.Notes, "\n")
			if !strings.Contains(notes, "second factor you supplied was incorrect") || !strings.Contains(notes, "UTC") {
				t.Fatalf("notes miss the clock advice: %s", notes)
			}
			if tc.webSDK && (!strings.Contains(notes, "still use the Auth API") || !strings.Contains(notes, "enroll again")) {
				t.Fatalf("web sdk notes: %s", notes)
			}
		})
	}
	if _, err := WHMCSGuide("latest"); err == nil || !strings.Contains(err.Error(), "like 8.9") {
		t.Fatalf("err = %v", err)
	}
}

func TestOtherGuides(t *testing.T) {
	env := EnvGuide("api-12345678.duosecurity.com", "DIWJ8X6AEYOR5OMC6TQ1")
	all := strings.Join(env.Steps, "\n")
	if !strings.Contains(all, "export DUOTUI_HOST=api-12345678.duosecurity.com") || !strings.Contains(all, "DUOTUI_SKEY=<secret key>") {
		t.Fatalf("%s", all)
	}
	du := DuoUnixGuide("")
	if du.Target != PasteDuoUnix || !strings.Contains(strings.Join(du.Steps, "\n"), "/etc/duo/pam_duo.conf") {
		t.Fatalf("%+v", du)
	}
}
