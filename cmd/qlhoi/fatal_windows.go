package main

import (
	"syscall"
	"unsafe"
)

var messageBox = syscall.NewLazyDLL("user32.dll").NewProc("MessageBoxW")

// showFatal shows a Windows message box (the exe has no console to print to).
func showFatal(title, msg string) {
	const mbOK, mbIconError, mbSetForeground = 0x0, 0x10, 0x10000
	t, err1 := syscall.UTF16PtrFromString(title)
	m, err2 := syscall.UTF16PtrFromString(msg)
	if err1 != nil || err2 != nil || messageBox.Find() != nil {
		return
	}
	_, _, _ = messageBox.Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbOK|mbIconError|mbSetForeground)
}
