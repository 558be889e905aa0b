package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func clockStore(t *testing.T, wall time.Time) *Store {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.office = "QT"
	s.clock.wallNow = func() time.Time { return wall }
	return s
}

// Within one millisecond the five-digit counter never overflows: past 99999 the clock
// moves to the next millisecond, and readings keep their text order.
func TestClockCounterNeverOverflows(t *testing.T) {
	s := clockStore(t, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	prev := s.tick()
	for range maxCounter + 10 {
		h := s.tick()
		require.Less(t, prev, h)
		ms, n, office, ok := splitHLC(h)
		require.True(t, ok, h)
		require.Equal(t, "QT", office)
		require.LessOrEqual(t, n, int64(maxCounter))
		require.Positive(t, ms)
		prev = h
	}
}

// A reading from the far future moves the clock at most MaxDrift ahead of wall time:
// later local writes still sort after everything accepted, and near the real time.
func TestClockObserveBounded(t *testing.T) {
	wall := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	s := clockStore(t, wall)
	s.Observe("0253402300799000.99999.QT-A.beef") // 31/12/9999
	h := s.tick()
	ms, _, _, ok := splitHLC(h)
	require.True(t, ok)
	assert.LessOrEqual(t, ms, wall.Add(MaxDrift).UnixMilli()+1)
	assert.Less(t, h, "0253402300799000")
	s.Observe("-000000000000001.00000.QT-A.beef")
	assert.Less(t, h, s.tick(), "a malformed reading is ignored")
}

func TestCheckReading(t *testing.T) {
	s := clockStore(t, time.Now())
	now := time.Now().UnixMilli()
	for h, want := range map[string]string{
		fmtHLC(now, "QT-A"): "",
		fmtHLC(now+int64(2*MaxDrift/time.Millisecond), "QT-A"): "đồng hồ máy của đơn vị QT-A đang sai",
		"0000000000000000.00000.QT-A.card":                     "",
		"-000000000000001.00000.QT-A.beef":                     "không đúng dạng",
		"0001732700000000.0003.QT-A.beef":                      "không đúng dạng",
		fmtHLC(now, "QT-B"):                                    "nhưng phiên bản do đơn vị QT-A ghi",
		"00017327000000000.00003.QT-A.beef":                    "không đúng dạng",
		"0001732700000000.00003.QT-A.beef.extra":               "không đúng dạng",
	} {
		got := s.checkReading(h, "QT-A", "QT-A")
		if want == "" {
			assert.Empty(t, got, h)
		} else {
			assert.Contains(t, got, want, h)
		}
	}
}

func fmtHLC(ms int64, office string) string { return fmt.Sprintf("%016d.%05d.%s.beef", ms, 0, office) }
