//go:build !linux

package model

// ReadKernelSync reports ErrKernelSyncUnavailable outside Linux.
func ReadKernelSync() (KernelSync, error) { return KernelSync{}, ErrKernelSyncUnavailable }
