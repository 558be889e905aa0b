//go:build !windows

package sign

// loadable is the module path as given: elsewhere paths are bytes.
func loadable(path string) string { return path }
