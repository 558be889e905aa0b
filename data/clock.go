package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
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

// tick returns a new reading for a write by this office.
func (s *Store) tick() string {
	c := s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.wallNow().UnixMilli()
	if wall > c.ms {
		c.ms, c.n = wall, 0
	} else {
		c.n++
	}
	return fmt.Sprintf("%016d.%05d.%s.%s", c.ms, c.n, s.office, c.nonce)
}

// Observe moves the clock past a reading received from another office.
func (s *Store) Observe(hlc string) {
	ms, n, ok := parseHLC(hlc)
	if !ok {
		return
	}
	c := s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	if ms > c.ms || ms == c.ms && n > c.n {
		c.ms, c.n = ms, n
	}
}

func parseHLC(h string) (int64, int64, bool) {
	parts := strings.SplitN(h, ".", 3)
	if len(parts) < 3 {
		return 0, 0, false
	}
	ms, err1 := strconv.ParseInt(parts[0], 10, 64)
	n, err2 := strconv.ParseInt(parts[1], 10, 64)
	return ms, n, err1 == nil && err2 == nil
}

// headsTx returns the versions a new local write supersedes: the current one, and all
// versions in an open conflict on the record (which the write resolves).
func (s *Store) headsTx(ctx context.Context, tx *sql.Tx, id, current string) ([]string, error) {
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
