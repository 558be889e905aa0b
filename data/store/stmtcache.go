package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// dbtx runs statements inside a transaction: a *sql.Tx, or a stmtTx that prepares each
// distinct statement once (for writes of thousands of records in one transaction).
type dbtx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// stmtTx is a transaction whose statements are prepared once and reused: SQLite's
// parser otherwise runs again for every record of a large import.
type stmtTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtTx(tx *sql.Tx) *stmtTx { return &stmtTx{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (t *stmtTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: prepare: %w", err)
	}
	t.stmts[q] = st
	return st, nil
}

func (t *stmtTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *stmtTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext falls back to the plain transaction if the statement cannot be
// prepared, so that the error comes out of Scan as usual.
func (t *stmtTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// close closes the prepared statements.
func (t *stmtTx) close() error {
	var errs []error
	for _, st := range t.stmts {
		errs = append(errs, st.Close())
	}
	t.stmts = nil
	return errors.Join(errs...)
}

// inLargeTx is inTx for a write of thousands of records: each statement is prepared
// once, and a bigger page cache keeps the touched pages out of the WAL until commit
// (64 MiB: the pages a 20,000-row spreadsheet import writes); it is set back before
// the connection returns to the pool.
func (s *Store) inLargeTx(ctx context.Context, fn func(tx *stmtTx) error) error {
	return s.inTx(ctx, func(sqlTx *sql.Tx) error {
		if _, err := sqlTx.ExecContext(ctx, "PRAGMA cache_size = -65536"); err != nil {
			return fmt.Errorf("store: cache: %w", err)
		}
		tx := newStmtTx(sqlTx)
		err := errors.Join(fn(tx), tx.close())
		if _, rerr := sqlTx.ExecContext(ctx, "PRAGMA cache_size = -2000"); err == nil && rerr != nil {
			err = fmt.Errorf("store: cache: %w", rerr)
		}
		return err
	})
}
