// Package logfile keeps qlhoi's log: a text file in the data folder that slog writes to
// and a panic's report goes to (the Windows exe has no console), rotated so that it
// never holds more than two files of MaxSize. It holds error codes, operations and
// causes, never record contents or keys: callers log errors, not records.
package logfile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"qlhoi/data"
)

// Name is the log file's name in the data folder; the previous one is Name + ".1".
const Name = "qlhoi.log"

// MaxSize is the size at which the log starts a new file.
const MaxSize = 2 << 20

// Path is the log file of the database at dbPath (the data folder is its folder).
func Path(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), Name) }

// File is the open log: an io.Writer safe for concurrent use that rotates itself.
type File struct {
	mu   sync.Mutex
	path string
	f    *os.File
	size int64
	max  int64
}

// logger is the open log's logger; nil before Open and after Close, when Error writes
// nothing (tests, a program with no data folder).
var logger atomic.Pointer[slog.Logger]

// Open opens (creating, 0600) the log of the database at dbPath: the log Error writes
// to (with the program's name on every line) and the place a panic is written.
func Open(dbPath, program string) (*File, error) {
	l := &File{path: Path(dbPath), max: MaxSize}
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return nil, fmt.Errorf("logfile: %w", err)
	}
	if err := l.open(); err != nil {
		return nil, err
	}
	logger.Store(slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelInfo})).With("program", program))
	return l, nil
}

// Path is where the log is written.
func (l *File) Path() string { return l.path }

func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("logfile: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("logfile: %w", err)
	}
	l.f, l.size = f, st.Size()
	// A panic prints to this file; the runtime keeps its own copy of the descriptor.
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		return fmt.Errorf("logfile: crash output: %w", err)
	}
	return nil
}

// Write appends p, first starting a new file when this one is full.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		// The runtime holds its own handle for crash output: let it go first, or
		// Windows refuses to rename the file.
		_ = debug.SetCrashOutput(nil, debug.CrashOptions{})
		l.f.Close()
		_ = os.Rename(l.path, l.path+".1") // the older file goes
		if err := l.open(); err != nil {
			l.f = nil
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// Close closes the log: Error writes nothing more and a panic is no longer written to it.
func (l *File) Close() error {
	logger.Store(nil)
	_ = debug.SetCrashOutput(nil, debug.CrashOptions{})
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// refusal is an error of the user's making that carries no code (a command typed
// wrong): logged at Info like coded refusals.
type refusal interface{ Refusal() bool }

// Error logs an error where it is handled (the command, the window's action), with its
// codes and the developer's detail (data.Error's Error: code, field, cause). A refusal
// the user caused is Info; anything else — a fault the user can only report — is Error.
func Error(ctx context.Context, where string, err error) {
	if err == nil {
		return
	}
	codes := data.Codes(err)
	level := slog.LevelError
	var r refusal
	if len(codes) > 0 && !data.HasCode(err, "ErrDatabase") || errors.As(err, &r) && r.Refusal() {
		level = slog.LevelInfo
	}
	if lg := logger.Load(); lg != nil {
		lg.Log(ctx, level, where, "codes", codes, "err", err.Error())
	}
}

// Info logs an event worth finding later (what was done, never a user's sentence):
// codes, numbers and office codes only.
func Info(ctx context.Context, where, event string, args ...any) {
	if lg := logger.Load(); lg != nil {
		lg.Log(ctx, slog.LevelInfo, where, append([]any{"event", event}, args...)...)
	}
}
