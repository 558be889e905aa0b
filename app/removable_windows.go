package app

import (
	"os"
	"syscall"
	"unsafe"
)

var (
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	getLogicalDrives = kernel32.NewProc("GetLogicalDrives")
	getDriveType     = kernel32.NewProc("GetDriveTypeW")
)

const driveRemovable = 2 // DRIVE_REMOVABLE

// removableDrives lists the roots (E:\) of removable drives with media, from C: on
// (A: and B: are floppy drives, slow to probe).
func removableDrives() []string {
	if getLogicalDrives.Find() != nil || getDriveType.Find() != nil {
		return nil
	}
	mask, _, _ := getLogicalDrives.Call()
	var out []string
	for i := 2; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := syscall.UTF16PtrFromString(root)
		if err != nil {
			continue
		}
		t, _, _ := getDriveType.Call(uintptr(unsafe.Pointer(p)))
		if t != driveRemovable {
			continue
		}
		if _, err := os.Stat(root); err == nil { // an empty card reader has no root
			out = append(out, root)
		}
	}
	return out
}
