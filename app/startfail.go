package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"qlhoi/data/logfile"
)

// A PC without OpenGL 2.1 (remote desktop, a basic display driver, an old Intel chip)
// cannot open Fyne's window: Fyne only logs "window creation error" and ShowAndRun
// returns at once. StartWatch catches that in the log so cmd/qlhoi can say what is
// missing and what to do — in a Windows message box — and write it to a log file.

// glSigns are what Fyne and GLFW log when no suitable OpenGL context can be made.
var glSigns = []string{
	"window creation error",
	"failed to initialise GLFW",
	"VersionUnavailable",
	"APIUnavailable",
	"WGL: ",
	"GLX: ",
}

// StartWatch is an io.Writer for the standard logger that notices OpenGL failures.
// Fyne does not return after one (its loop keeps waiting for a window that never came,
// or it exits at once), so OnFailure is called right there, from the logging call, once
// the failure's "At:" line (its last) is logged — or a second later if that never comes.
type StartWatch struct {
	// OnFailure reports the failure and normally ends the process.
	OnFailure func()
	mu        sync.Mutex
	lines     []string
	failed    bool
	once      sync.Once
}

// Write records logged text; it never fails.
func (w *StartWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	first, complete := false, false
	for l := range strings.SplitSeq(strings.TrimRight(string(p), "\n"), "\n") {
		if len(w.lines) < 200 {
			w.lines = append(w.lines, l)
		}
		for _, s := range glSigns {
			if strings.Contains(l, s) && !w.failed {
				w.failed, first = true, true
			}
		}
		if w.failed && strings.Contains(l, "  At: ") {
			complete = true
		}
	}
	w.mu.Unlock()
	switch {
	case complete:
		w.fire()
	case first:
		time.AfterFunc(time.Second, w.fire)
	}
	return len(p), nil
}

func (w *StartWatch) fire() {
	if w.OnFailure != nil {
		w.once.Do(w.OnFailure)
	}
}

// Failed reports whether the window could not be created.
func (w *StartWatch) Failed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failed
}

// Detail is what was logged, for the log file.
func (w *StartWatch) Detail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.lines, "\n")
}

// NoOpenGLTitle is the message box's title.
const NoOpenGLTitle = "qlhoi – không mở được cửa sổ"

// NoOpenGLMessage explains, in Vietnamese, what is missing and what to do; logPath is
// where the details were written ("" when the log could not be written).
func NoOpenGLMessage(logPath string) string {
	msg := "qlhoi không mở được cửa sổ vì máy này không có OpenGL 2.1 " +
		"(thường gặp khi dùng Remote Desktop, máy ảo, trình điều khiển màn hình cơ bản " +
		"hoặc chip đồ họa Intel đời cũ).\n\n" +
		"Cách khắc phục:\n" +
		"1. Cài trình điều khiển màn hình (driver) của hãng sản xuất máy hoặc card đồ họa, rồi mở lại qlhoi.\n" +
		"2. Hoặc chép tệp opengl32.dll của Mesa (bản x64 của “mesa-dist-win”, trình vẽ phần mềm) " +
		"vào cùng thư mục với qlhoi.exe, rồi mở lại qlhoi.\n\n" +
		"Dữ liệu không bị ảnh hưởng."
	if logPath != "" {
		msg += " Chi tiết kỹ thuật đã ghi vào " + logPath + "."
	}
	return msg
}

// LogFileName is the log in the data folder (the one logfile keeps).
const LogFileName = logfile.Name

// WriteStartLog appends a dated entry (the message, then the details) to qlhoi.log in
// dir and returns its path.
func WriteStartLog(dir string, now time.Time, message, detail string) (string, error) {
	path := filepath.Join(dir, LogFileName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	entry := fmt.Sprintf("%s\r\n%s\r\n--- chi tiết / details:\r\n%s\r\n\r\n", now.Format("15:04:05 02/01/2006"),
		strings.ReplaceAll(message, "\n", "\r\n"), strings.ReplaceAll(detail, "\n", "\r\n"))
	if _, err := f.WriteString(entry); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}
