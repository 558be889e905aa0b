//go:build unix

package main

import "syscall"

// syncDisk writes the pending writes of earlier runs to disk, so a benchmark round
// does not pay for them.
func syncDisk() { syscall.Sync() }
