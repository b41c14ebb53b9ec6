package model

import (
	"errors"
	"time"
)

// KernelSync is the kernel's own view of its clock (adjtimex, read only):
// whether an NTP daemon has told it that it is synchronised, and its error
// estimates.
type KernelSync struct {
	Synchronised bool          `json:"synchronised"` // !(status & STA_UNSYNC)
	EstError     time.Duration `json:"est_error"`    // estimated error
	MaxError     time.Duration `json:"max_error"`    // maximum error (grows while unsynchronised; capped at 16 s)
}

// ErrKernelSyncUnavailable is returned where the kernel's sync state cannot
// be read (not Linux).
var ErrKernelSyncUnavailable = errors.New("this system does not report the kernel's clock synchronisation state")

// staUnsync is Linux's STA_UNSYNC status bit, kept here so the decoding is
// testable on every platform.
const staUnsync = 0x40

// kernelSyncFrom decodes adjtimex's status word and its error fields, which
// the kernel gives in microseconds.
func kernelSyncFrom(status int32, esterror, maxerror int64) KernelSync {
	return KernelSync{
		Synchronised: status&staUnsync == 0,
		EstError:     time.Duration(esterror) * time.Microsecond,
		MaxError:     time.Duration(maxerror) * time.Microsecond,
	}
}

// Summary is one line for the clock pane.
func (k KernelSync) Summary() string {
	if k.Synchronised {
		return "The kernel says its clock is synchronised (estimated error " + formatSpan(k.EstError) + ")."
	}
	return "The kernel says its clock is not synchronised: no time service is steering it."
}
