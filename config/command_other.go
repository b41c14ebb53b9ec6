//go:build !unix

package config

import "os/exec"

// killProcessGroup is a no-op where process groups do not exist; the
// default Cancel kills the helper itself.
func killProcessGroup(*exec.Cmd) {}
