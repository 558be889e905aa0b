package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// This file is the store's row writer: every write of a record's row, local save or
// merge, goes through rowInsert.

// rowInsert is the statement and arguments that write a record's row. It inserts the
// row or updates the row of the same id; it never replaces another row: a write that
// would take another record's unique key (a register number) fails instead.
func rowInsert(r Record, body []byte) (string, []any) {
	return rowInsertCols(r, body, r.columns(), true)
}

// rowInsertCols is rowInsert with the record's derived columns already computed. When
// the caller knows the row is new (exists false), a plain INSERT does it with less work.
func rowInsertCols(r Record, body []byte, cols []column, exists bool) (string, []any) {
	args := rowArgs(nil, r, body, cols)
	key := rowSQLKey{r.Kind(), exists}
	if q, ok := insertSQL.Load(key); ok {
		return q.(string), args
	}
	names := rowNames(cols)
	q := "INSERT INTO " + string(r.Kind()) + " (" + strings.Join(names, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(names)-1) + ")"
	if exists {
		sets := make([]string, 0, len(names)-1)
		for _, n := range names[1:] {
			sets = append(sets, n+" = excluded."+n)
		}
		q += " ON CONFLICT(id) DO UPDATE SET " + strings.Join(sets, ", ")
	}
	insertSQL.Store(key, q)
	return q, args
}

// rowArgs appends the values of a record's row to args, in the order of rowNames.
func rowArgs(args []any, r Record, body []byte, cols []column) []any {
	m := r.meta()
	args = append(args, m.ID, m.Office, m.CreatedAt.UTC().Format(timeLayout), m.UpdatedAt.UTC().Format(timeLayout), m.Version, m.Deleted, string(body))
	for _, c := range cols {
		args = append(args, c.value)
	}
	return args
}

// rowNames are the columns of a record's row: the common ones, then its kind's.
func rowNames(cols []column) []string {
	names := []string{"id", "office", "created_at", "updated_at", "version", "deleted", "body"}
	for _, c := range cols {
		names = append(names, c.name)
	}
	return names
}

// rowSQLKey names a cached row statement: the kind, and whether it updates a row.
type rowSQLKey struct {
	kind   Kind
	exists bool
}

// insertSQL caches the row statements of each kind.
var insertSQL sync.Map

// execer runs a statement: a transaction, or a merge's cached statements.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// writeRowTx writes a record's row (not its history) from a body.
func (s *Store) writeRowTx(ctx context.Context, tx execer, r Record, body []byte) error {
	if err := keepReplacedTx(ctx, tx, r.Kind(), r.meta().ID); err != nil {
		return err
	}
	q, args := rowInsert(r, body)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: write %s: %w", r.Kind(), err)
	}
	return nil
}
