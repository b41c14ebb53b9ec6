//go:build linux

package model

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestReadKernelSync(t *testing.T) {
	if staUnsync != unix.STA_UNSYNC {
		t.Fatalf("staUnsync %#x, kernel %#x", staUnsync, unix.STA_UNSYNC)
	}
	k, err := ReadKernelSync()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v: %s", k, k.Summary())
}
