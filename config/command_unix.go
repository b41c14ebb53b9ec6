//go:build unix

package config

import (
	"os/exec"
	"syscall"
)

// killProcessGroup runs the helper in its own process group and kills the
// whole group on timeout, so `sh -c "a | b"` leaves nothing behind.
func killProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
