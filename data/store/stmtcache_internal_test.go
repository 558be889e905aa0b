package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLargeTxPreparesOnceAndRollsBack checks that a large transaction prepares each
// distinct statement once, commits what it wrote, writes nothing when its function
// fails, and gives the connection back with the normal page cache.
func TestLargeTxPreparesOnceAndRollsBack(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	require.NoError(t, err)
	defer s.Close()
	s.db.SetMaxOpenConns(1) // the page cache checked below is the transaction's connection's
	const ins = "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2026-01-01')"
	err = s.inLargeTx(ctx, func(tx *stmtTx) error {
		for _, k := range []string{"t1", "t2", "t3"} {
			if _, err := tx.ExecContext(ctx, ins, k, "v"); err != nil {
				return err
			}
		}
		var n int
		require.NoError(t, tx.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE key LIKE 't_'").Scan(&n))
		require.Equal(t, 3, n)
		require.Len(t, tx.stmts, 2)
		return nil
	})
	require.NoError(t, err)
	boom := errors.New("boom")
	err = s.inLargeTx(ctx, func(tx *stmtTx) error {
		_, err := tx.ExecContext(ctx, ins, "t4", "v")
		require.NoError(t, err)
		return boom
	})
	require.ErrorIs(t, err, boom)
	var n, cache int
	require.NoError(t, s.db.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE key LIKE 't_'").Scan(&n))
	require.Equal(t, 3, n)
	require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache))
	require.Equal(t, -2000, cache)
	// A statement that does not prepare fails as an error, not a panic.
	err = s.inLargeTx(ctx, func(tx *stmtTx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO nowhere VALUES (1)")
		return err
	})
	require.Error(t, err)
}
