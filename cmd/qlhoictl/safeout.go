package main

import (
	"io"
	"unicode"
	"unicode/utf8"
)

// safeText wraps a terminal stream so that nothing qlhoictl prints can drive the
// terminal: control characters other than newline and tab (ESC sequences, CR, BEL,
// NUL), invisible format characters (bidi overrides, zero-width) and invalid UTF-8 are
// written as U+FFFD. Text stored by qlhoi is already clean; this also covers older
// databases and any text that did not go through the store. On stderr a carriage return
// is let through: progress lines ("\rĐang sinh dữ liệu: 40%") redraw themselves with it.
func safeText(w io.Writer) io.Writer { return &safeWriter{w: w} }

// safeProgress is safeText that lets carriage returns through.
func safeProgress(w io.Writer) io.Writer { return &safeWriter{w: w, cr: true} }

type safeWriter struct {
	w       io.Writer
	cr      bool   // carriage returns allowed
	pending []byte // an incomplete rune at the end of the last write
}

func (s *safeWriter) Write(p []byte) (int, error) {
	in := append(s.pending, p...)
	s.pending = nil
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		if !utf8.FullRune(in[i:]) {
			s.pending = append([]byte(nil), in[i:]...)
			break
		}
		r, n := utf8.DecodeRune(in[i:])
		if unsafeRune(r, n) && !(s.cr && r == '\r') {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, in[i:i+n]...)
		}
		i += n
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r == '\n' || r == '\t':
		return false
	case unicode.IsControl(r):
		return true
	}
	return r >= 0xad && unicode.Is(unicode.Cf, r)
}
