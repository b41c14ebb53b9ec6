package model

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func estimateAt(off time.Duration) *ClockEstimate {
	return &ClockEstimate{Interval: Interval{Lo: off - 2*time.Millisecond, Hi: off + 2*time.Millisecond}, Samples: 12}
}

func TestJudgeClockThresholds(t *testing.T) {
	synced := &KernelSync{Synchronised: true}
	tests := []struct {
		name  string
		facts ClockFacts
		level Level
		says  string
	}{
		{"nothing measured", ClockFacts{}, LevelUnknown, "not been measured"},
		{"kernel unsynchronised only", ClockFacts{Kernel: &KernelSync{}}, LevelWarn, "not synchronised"},
		{"370 ms slow", ClockFacts{Duo: estimateAt(370 * time.Millisecond), Kernel: synced}, LevelOK, "370 ms slow (±2 ms)"},
		{"small but unsynchronised", ClockFacts{Duo: estimateAt(-20 * time.Millisecond), Kernel: &KernelSync{}}, LevelWarn, "will drift"},
		{"2.9 s slow", ClockFacts{Duo: estimateAt(2900 * time.Millisecond)}, LevelWarn, "2.90 s slow"},
		{"20 s fast", ClockFacts{Duo: estimateAt(-20 * time.Second)}, LevelWarn, "one-time codes"},
		{"45 s fast", ClockFacts{Duo: estimateAt(-45 * time.Second)}, LevelBad, "45 s fast"},
		{"90 s slow", ClockFacts{Duo: estimateAt(90 * time.Second)}, LevelBad, "Universal Prompt logins"},
		{"6 min fast", ClockFacts{Duo: estimateAt(-6 * time.Minute)}, LevelBad, "40105"},
		{"NTP stands in for Duo", ClockFacts{NTP: &NTPResult{Server: "ntp.example", Offset: 400 * time.Second}}, LevelBad, "ntp.example"},
		{"Duo outranks NTP", ClockFacts{Duo: estimateAt(0), NTP: &NTPResult{Offset: time.Hour}}, LevelOK, "Duo's"},
		{"configured warn limit", ClockFacts{Duo: estimateAt(1500 * time.Millisecond), Limits: ClockLimits{Warn: 2 * time.Second}}, LevelOK, "1.50 s slow"},
		{"configured bad limit", ClockFacts{Duo: estimateAt(12 * time.Second), Limits: ClockLimits{Bad: 10 * time.Second}}, LevelBad, "10 s limit set in the configuration"},
		{"configured bad limit above the facts", ClockFacts{Duo: estimateAt(45 * time.Second), Limits: ClockLimits{Bad: 50 * time.Second}}, LevelWarn, "one-time codes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := JudgeClock(tc.facts)
			if v.Level != tc.level || !strings.Contains(v.Summary, tc.says) {
				t.Fatalf("got %v %q, want %v containing %q", v.Level, v.Summary, tc.level, tc.says)
			}
			if !strings.HasSuffix(v.Summary, ".") {
				t.Fatalf("summary is not a sentence: %q", v.Summary)
			}
			if v.Level == LevelOK && (v.Fix != "" || len(v.Commands) > 0) {
				t.Fatalf("an OK clock got a fix: %+v", v)
			}
			if v.Level >= LevelWarn && v.Fix == "" {
				t.Fatalf("no fix for %v", v.Level)
			}
		})
	}
}

func TestDetectTimeSyncAndFix(t *testing.T) {
	file := &fstest.MapFile{}
	tests := []struct {
		name     string
		fs       fstest.MapFS
		commands []string
		says     string
	}{
		{"debian with timesyncd", fstest.MapFS{
			"run/systemd/system/x": file, "usr/bin/timedatectl": file, "usr/lib/systemd/systemd-timesyncd": file, "usr/bin/apt-get": file,
		}, []string{"sudo timedatectl set-ntp true", "sudo systemctl restart systemd-timesyncd", "timedatectl timesync-status"}, "systemd-timesyncd"},
		{"debian with chrony", fstest.MapFS{
			"run/systemd/system/x": file, "usr/sbin/chronyd": file, "usr/bin/chronyc": file, "lib/systemd/system/chrony.service": file,
			"usr/lib/systemd/systemd-timesyncd": file,
		}, []string{"sudo systemctl enable --now chrony", "sudo chronyc makestep", "chronyc tracking"}, "chrony"},
		{"red hat with chrony", fstest.MapFS{
			"run/systemd/system/x": file, "usr/sbin/chronyd": file, "usr/lib/systemd/system/chronyd.service": file, "usr/bin/dnf": file,
		}, []string{"sudo systemctl enable --now chronyd", "sudo chronyc makestep", "chronyc tracking"}, "chrony"},
		{"ntpsec", fstest.MapFS{
			"run/systemd/system/x": file, "usr/sbin/ntpd": file, "lib/systemd/system/ntpsec.service": file,
		}, []string{"sudo systemctl stop ntpsec", "sudo ntpd -gq", "sudo systemctl enable --now ntpsec", "ntpq -p"}, "ntpd"},
		{"ntpd without systemd", fstest.MapFS{"usr/sbin/ntpd": file}, []string{"sudo ntpd -gq"}, "ntpd"},
		{"nothing on debian", fstest.MapFS{"run/systemd/system/x": file, "usr/bin/apt-get": file},
			[]string{"sudo apt-get install -y systemd-timesyncd", "sudo timedatectl set-ntp true", "timedatectl timesync-status"}, "install one"},
		{"nothing on fedora", fstest.MapFS{"usr/bin/dnf": file},
			[]string{"sudo dnf install -y chrony", "sudo systemctl enable --now chronyd", "sudo chronyc makestep"}, "install one"},
		{"container", fstest.MapFS{".dockerenv": file, "usr/lib/systemd/systemd-timesyncd": file}, nil, "host"},
		{"bare", fstest.MapFS{}, nil, "install chrony or systemd-timesyncd"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := DetectTimeSync(tc.fs)
			if got := ts.FixCommands(); !slices.Equal(got, tc.commands) {
				t.Fatalf("commands %q, want %q (detected %+v)", got, tc.commands, ts)
			}
			if !strings.Contains(ts.FixSentence(), tc.says) {
				t.Fatalf("fix %q does not mention %q", ts.FixSentence(), tc.says)
			}
			v := JudgeClock(ClockFacts{Duo: estimateAt(400 * time.Second), Sync: ts})
			if !slices.Equal(v.Commands, tc.commands) {
				t.Fatalf("verdict commands %q", v.Commands)
			}
		})
	}
}

func TestFormatOffset(t *testing.T) {
	tests := []struct {
		theta, unc time.Duration
		want       string
	}{
		{370 * time.Millisecond, 0, "370 ms slow"},
		{-2900 * time.Millisecond, 4 * time.Millisecond, "2.90 s fast (±4 ms)"},
		{-45 * time.Second, 0, "45 s fast"},
		{90 * time.Minute, 0, "90 min slow"},
		{300 * time.Microsecond, 0, "300 µs slow"},
	}
	for _, tc := range tests {
		if got := FormatOffset(tc.theta, tc.unc); got != tc.want {
			t.Errorf("FormatOffset(%v, %v) = %q, want %q", tc.theta, tc.unc, got, tc.want)
		}
	}
}

func TestKernelSyncDecoding(t *testing.T) {
	k := kernelSyncFrom(0x2001, 1500, 16_000_000) // PLL | NANO, synchronised
	if !k.Synchronised || k.EstError != 1500*time.Microsecond || k.MaxError != 16*time.Second {
		t.Fatalf("%+v", k)
	}
	if k := kernelSyncFrom(0x41, 0, 0); k.Synchronised || !strings.Contains(k.Summary(), "not synchronised") {
		t.Fatalf("%+v %q", k, k.Summary())
	}
}

func TestDiagnoseSecondFactor(t *testing.T) {
	tests := []struct {
		name  string
		clues SecondFactorClues
		want  Culprit
	}{
		{"no evidence", SecondFactorClues{}, CulpritUnknown},
		{"40105 seen", SecondFactorClues{BadDate: true, PushApproved: true}, CulpritServer},
		{"server measured far off", SecondFactorClues{Server: estimateAt(-400 * time.Second)}, CulpritServer},
		{"push works, passcode fails", SecondFactorClues{PushApproved: true, PasscodeDenied: true, Server: estimateAt(0)}, CulpritPhone},
		{"push works, server fine", SecondFactorClues{PushApproved: true, Server: estimateAt(0)}, CulpritNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := DiagnoseSecondFactor(tc.clues)
			if d.Culprit != tc.want || d.Summary == "" || d.Fix == "" {
				t.Fatalf("%+v, want %v", d, tc.want)
			}
		})
	}
}

func TestTimeZoneLine(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	got := TimeZoneLine(time.Date(2025, 1, 1, 12, 0, 0, 0, loc))
	if !strings.Contains(got, "UTC+01:00") || !strings.Contains(got, "don't matter") {
		t.Fatalf("%q", got)
	}
}
