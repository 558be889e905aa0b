//go:build !windows && !linux

package native

import "errors"

// Available says the system's dialogs are used: not on this system.
func Available() bool { return false }

var errNone = errors.New("native: no system dialogs here")

// Open is not available here.
func Open(title, dir string, filters []Filter) (string, error) { return "", errNone }

// Save is not available here.
func Save(title, dir, name string, filters []Filter) (string, error) { return "", errNone }

// Folder is not available here.
func Folder(title, dir string) (string, error) { return "", errNone }
