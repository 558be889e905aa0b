//go:build !windows

package exchange

import "syscall"

// diskFree is the space free for this user on the file system of dir; false if unknown.
func diskFree(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return st.Bavail * uint64(st.Bsize), true
}
