package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"qlhoi/data"
)

// clock is a hybrid logical clock: readings follow wall time in milliseconds, never
// go backwards, and move past every reading received from another office. A reading is
// "0001732700000000.00003.QT.9f2c": milliseconds, counter, office, and a per-process
// nonce (so the GUI and qlhoictl writing in the same millisecond still differ). Text
// order is clock order.
type clock struct {
	mu      sync.Mutex
	ms, n   int64
	nonce   string
	wallNow func() time.Time
}

func newClock() *clock {
	b := make([]byte, 2)
	rand.Read(b)
	return &clock{nonce: hex.EncodeToString(b), wallNow: time.Now}
}

// maxCounter is the largest counter a reading's fixed five digits hold: past it the
// clock moves to the next millisecond, so readings keep their text order.
const maxCounter = 99999

// MaxDrift is how far ahead of this office's clock a received reading may be: a version
// stamped later than that comes from a sender whose clock (or software) is wrong.
const MaxDrift = 24 * time.Hour

// tick returns a new reading for a write by this office.
func (s *Store) tick() string {
	c := s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.wallNow().UnixMilli()
	switch {
	case wall > c.ms:
		c.ms, c.n = wall, 0
	case c.n >= maxCounter:
		c.ms, c.n = c.ms+1, 0
	default:
		c.n++
	}
	return fmt.Sprintf("%016d.%05d.%s.%s", c.ms, c.n, s.office, c.nonce)
}

// Observe moves the clock past a reading received from another office, but never
// beyond MaxDrift ahead of wall time: a reading from the far future cannot pin the clock.
func (s *Store) Observe(hlc string) {
	ms, n, ok := parseHLC(hlc)
	if !ok {
		return
	}
	c := s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	if limit := c.wallNow().Add(MaxDrift).UnixMilli(); ms > limit {
		ms, n = limit, 0
	}
	if ms > c.ms || ms == c.ms && n > c.n {
		c.ms, c.n = ms, n
	}
}

// A well-formed reading is 16 digits of milliseconds, 5 of counter, the writing
// office's code, and a 4-hex-digit nonce (or "card" for a version made from an office
// card), separated by dots.
func parseHLC(h string) (int64, int64, bool) {
	ms, n, _, ok := splitHLC(h)
	return ms, n, ok
}

// splitHLC parses a reading into milliseconds, counter and office.
func splitHLC(h string) (ms, n int64, office string, ok bool) {
	if len(h) < 16+1+5+1+1+1+4 || h[16] != '.' || h[22] != '.' {
		return 0, 0, "", false
	}
	ms, ok1 := digits(h[:16])
	n, ok2 := digits(h[17:22])
	rest := h[23:]
	dot := strings.LastIndexByte(rest, '.')
	if !ok1 || !ok2 || dot < 0 {
		return 0, 0, "", false
	}
	office, nonce := rest[:dot], rest[dot+1:]
	if !data.OfficeCodePattern.MatchString(office) || !(nonce == "card" || isNonce(nonce)) {
		return 0, 0, "", false
	}
	return ms, n, office, true
}

// digits reads a fixed-width run of decimal digits (no sign).
func digits(s string) (int64, bool) {
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

func isNonce(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// checkReading checks a received version's clock reading: well formed, written by the
// office it names as by, and not more than MaxDrift ahead of this office's clock. The
// reason names the sender's wrong date.
func (s *Store) checkReading(hlc, by, sender string) string {
	ms, _, office, ok := splitHLC(hlc)
	if !ok {
		return fmt.Sprintf("dấu thời gian “%s” không đúng dạng", data.Clean(truncate(hlc, 60)))
	}
	if office != by {
		return fmt.Sprintf("dấu thời gian ghi đơn vị %s nhưng phiên bản do đơn vị %s ghi", office, by)
	}
	// Readings are compared with the clock they are made of (the wall clock), not the
	// store's day, which tests may fix.
	now := s.clock.wallNow().UTC()
	if at := time.UnixMilli(ms).UTC(); at.After(now.Add(MaxDrift)) {
		return fmt.Sprintf("phiên bản ghi ngày %s, sau ngày hiện tại (%s) của đơn vị này: đồng hồ máy của đơn vị %s đang sai. Hãy báo họ chỉnh ngày giờ máy tính rồi xuất lại gói",
			data.DateOf(at.In(time.Local)), data.DateOf(now.In(time.Local)), sender)
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// headsTx returns the versions a new local write supersedes: the current one, and all
// versions in an open conflict on the record (which the write resolves).
func (s *Store) headsTx(ctx context.Context, tx dbtx, id, current string) ([]string, error) {
	var heads string
	err := tx.QueryRowContext(ctx, "SELECT heads FROM conflicts WHERE record_id = ? AND resolved = 0", id).Scan(&heads)
	if errors.Is(err, sql.ErrNoRows) {
		if current == "" {
			return nil, nil
		}
		return []string{current}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: conflict heads: %w", err)
	}
	var hs []string
	if err := json.Unmarshal([]byte(heads), &hs); err != nil {
		return nil, fmt.Errorf("store: conflict heads: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE conflicts SET resolved = 1 WHERE record_id = ?", id); err != nil {
		return nil, fmt.Errorf("store: resolve conflict: %w", err)
	}
	return hs, nil
}
