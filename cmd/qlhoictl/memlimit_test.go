package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// The import sets a soft memory limit and restores the previous one; a limit the user
// set (GOMEMLIMIT) is kept as it is.
func TestLimitMemory(t *testing.T) {
	prev := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(prev)

	restore := limitMemory(importMemoryLimit)
	if got := debug.SetMemoryLimit(-1); got != importMemoryLimit {
		t.Fatalf("limit during import = %d, want %d", got, importMemoryLimit)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("limit after import = %d, want none", got)
	}

	debug.SetMemoryLimit(1 << 30)
	restore = limitMemory(importMemoryLimit)
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Fatalf("a limit set by the user was changed to %d", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Fatalf("a limit set by the user was changed to %d", got)
	}
}
