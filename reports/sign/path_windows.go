package sign

import (
	"syscall"
	"unicode/utf8"
)

// loadable is a module path the PKCS#11 loader can open: it hands the path to Windows
// in the ANSI code page, so a path with Vietnamese letters ("C:\Users\Nguyễn Văn A\…")
// did not load; such a path goes by its short (8.3) name, which is ASCII.
func loadable(path string) string {
	ascii := true
	for i := 0; i < len(path); i++ {
		if path[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return path
	}
	long, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return path
	}
	buf := make([]uint16, 1024)
	n, err := syscall.GetShortPathName(long, &buf[0], uint32(len(buf)))
	if err != nil || n == 0 || int(n) > len(buf) {
		return path
	}
	return syscall.UTF16ToString(buf[:n])
}
