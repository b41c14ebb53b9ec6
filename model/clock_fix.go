package model

import (
	"io/fs"
	"os"
)

// TimeSync is what this machine has for keeping time, found by looking for
// binaries and unit files (nothing is run), so the fix names real commands.
type TimeSync struct {
	Systemd     bool   `json:"systemd"`               // systemd runs the machine (/run/systemd/system exists)
	Timedatectl bool   `json:"timedatectl"`           // timedatectl is installed
	Timesyncd   bool   `json:"timesyncd"`             // systemd-timesyncd is installed
	Chrony      bool   `json:"chrony"`                // chronyd/chronyc are installed
	ChronyUnit  string `json:"chrony_unit,omitempty"` // "chrony" (Debian) or "chronyd" (Red Hat)
	NTPd        bool   `json:"ntpd"`                  // ntpd (classic or NTPsec) is installed
	NTPUnit     string `json:"ntp_unit,omitempty"`    // "ntp", "ntpd" or "ntpsec"
	Container   bool   `json:"container"`             // a container: its clock is the host's
	Installer   string `json:"installer,omitempty"`   // apt-get, dnf, yum, zypper or apk
}

var unitDirs = []string{"etc/systemd/system", "usr/lib/systemd/system", "lib/systemd/system"}
var binDirs = []string{"usr/sbin", "usr/bin", "sbin", "bin", "usr/local/sbin", "usr/local/bin"}

// DetectTimeSync inspects fsys, which is the machine's root (os.DirFS("/"))
// or a fake in tests. Paths are relative, as io/fs wants them.
func DetectTimeSync(fsys fs.FS) TimeSync {
	exists := func(p string) bool { _, err := fs.Stat(fsys, p); return err == nil }
	bin := func(name string) bool {
		for _, d := range binDirs {
			if exists(d + "/" + name) {
				return true
			}
		}
		return false
	}
	unit := func(names ...string) string {
		for _, n := range names {
			for _, d := range unitDirs {
				if exists(d + "/" + n + ".service") {
					return n
				}
			}
		}
		return ""
	}
	var t TimeSync
	t.Systemd = exists("run/systemd/system")
	t.Timedatectl = bin("timedatectl")
	t.Timesyncd = exists("usr/lib/systemd/systemd-timesyncd") || exists("lib/systemd/systemd-timesyncd") ||
		unit("systemd-timesyncd") != ""
	t.ChronyUnit = unit("chrony", "chronyd")
	t.Chrony = bin("chronyd") || bin("chronyc") || t.ChronyUnit != ""
	if t.Chrony && t.ChronyUnit == "" {
		t.ChronyUnit = "chronyd"
	}
	t.NTPUnit = unit("ntpsec", "ntp", "ntpd")
	t.NTPd = bin("ntpd") || t.NTPUnit != ""
	if t.NTPd && t.NTPUnit == "" {
		t.NTPUnit = "ntp"
	}
	t.Container = exists(".dockerenv") || exists("run/.containerenv")
	for _, i := range []string{"apt-get", "dnf", "yum", "zypper", "apk"} {
		if bin(i) {
			t.Installer = i
			break
		}
	}
	return t
}

// DetectLocalTimeSync inspects this machine.
func DetectLocalTimeSync() TimeSync { return DetectTimeSync(os.DirFS("/")) }

// FixSentence is the one-sentence fix for this machine.
func (t TimeSync) FixSentence() string {
	switch {
	case t.Container:
		return "This is a container, whose clock is the host's: turn on time sync on the host (for example timedatectl set-ntp true there)."
	case t.Chrony:
		return "Turn on chrony and let it step the clock now:"
	case t.Timesyncd && t.Systemd:
		return "Turn on NTP with systemd-timesyncd (it steps the clock when it starts):"
	case t.NTPd:
		return "Step the clock once with ntpd, then keep ntpd running:"
	case t.Installer != "":
		return "No time service is installed: install one and turn it on:"
	default:
		return "No time service was found: install chrony or systemd-timesyncd and turn on NTP."
	}
}

// FixCommands are the exact commands, in order, to run as root on this
// machine (empty when there is nothing sensible to run here).
func (t TimeSync) FixCommands() []string {
	switch {
	case t.Container:
		return nil
	case t.Chrony:
		cmds := []string{}
		if t.Systemd {
			cmds = append(cmds, "sudo systemctl enable --now "+t.ChronyUnit)
		}
		return append(cmds, "sudo chronyc makestep", "chronyc tracking")
	case t.Timesyncd && t.Systemd:
		return []string{"sudo timedatectl set-ntp true", "sudo systemctl restart systemd-timesyncd", "timedatectl timesync-status"}
	case t.NTPd:
		if t.Systemd {
			return []string{"sudo systemctl stop " + t.NTPUnit, "sudo ntpd -gq", "sudo systemctl enable --now " + t.NTPUnit, "ntpq -p"}
		}
		return []string{"sudo ntpd -gq"}
	}
	switch t.Installer {
	case "apt-get":
		return []string{"sudo apt-get install -y systemd-timesyncd", "sudo timedatectl set-ntp true", "timedatectl timesync-status"}
	case "dnf", "yum", "zypper":
		return []string{"sudo " + t.Installer + " install -y chrony", "sudo systemctl enable --now chronyd", "sudo chronyc makestep"}
	case "apk":
		return []string{"sudo apk add chrony", "sudo rc-update add chronyd", "sudo rc-service chronyd start", "sudo chronyc makestep"}
	}
	return nil
}
