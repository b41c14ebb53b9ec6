//go:build linux

package model

import "golang.org/x/sys/unix"

// ReadKernelSync asks the kernel with adjtimex in read-only mode (Modes 0
// changes nothing and needs no privilege; in a container it reports the
// host's clock).
func ReadKernelSync() (KernelSync, error) {
	var tx unix.Timex
	if _, err := unix.Adjtimex(&tx); err != nil {
		return KernelSync{}, err
	}
	return kernelSyncFrom(tx.Status, tx.Esterror, tx.Maxerror), nil
}
