//go:build !windows

package app

// removableDrives: on Linux a stick is a folder under /media chosen by the user.
func removableDrives() []string { return nil }
