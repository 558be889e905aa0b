package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"qlhoi/data"
)

// rowInsert is the statement and arguments that write a record's row. It inserts the
// row or updates the row of the same id; it never replaces another row: a write that
// would take another record's unique key (a register number) fails instead.
func rowInsert(r data.Record, body []byte) (string, []any) {
	return rowInsertCols(r, body, r.Columns(), true)
}

// rowInsertCols is rowInsert with the record's derived columns already computed. When
// the caller knows the row is new (exists false), a plain INSERT does it with less work.
func rowInsertCols(r data.Record, body []byte, cols []data.Column, exists bool) (string, []any) {
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
func rowArgs(args []any, r data.Record, body []byte, cols []data.Column) []any {
	m := r.RecordMeta()
	args = append(args, m.ID, m.Office, m.CreatedAt.UTC().Format(timeLayout), m.UpdatedAt.UTC().Format(timeLayout), m.Version, m.Deleted, string(body))
	for _, c := range cols {
		args = append(args, c.Value)
	}
	return args
}

// rowNames are the columns of a record's row: the common ones, then its kind's.
func rowNames(cols []data.Column) []string {
	names := []string{"id", "office", "created_at", "updated_at", "version", "deleted", "body"}
	for _, c := range cols {
		names = append(names, c.Name)
	}
	return names
}

// rowSQLKey names a cached row statement: the kind, and whether it updates a row.
type rowSQLKey struct {
	kind   data.Kind
	exists bool
}

// insertSQL caches the row statements of each kind.
var insertSQL sync.Map

// execer runs a statement: a transaction, or a merge's cached statements.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rowWriter is the one writer of a record's row with its history entry. Local saves,
// the merge and the spreadsheet import differ only in what history names (operation,
// office, actor, time) and in how statements run: a transaction's, a merge's prepared
// statements, or new rows fifty to a statement (batch).
type rowWriter struct {
	tx                    execer
	op, office, actor, at string
	// batch holds new rows for multi-row INSERTs (nil: each row is written at once).
	batch *newRows
}

// historySQL writes one history entry; historyArgs gives its values.
const historySQL = `INSERT INTO history (kind, record_id, version, op, office, actor, at, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (w *rowWriter) historyArgs(args []any, kind data.Kind, id string, version int64, before, after []byte) []any {
	var b any
	if before != nil {
		b = string(before)
	}
	return append(args, string(kind), id, version, w.op, w.office, w.actor, w.at, b, string(after))
}

// write writes r's row (body and cols are its encoding; nil cols are computed) and the
// history entry of the version it now holds; before is the version it replaces (nil for
// a new record) and exists whether its row is there: the replaced version is then kept
// in history first (keepReplacedTx), as the entry of the row's version holds no copy.
func (w *rowWriter) write(ctx context.Context, r data.Record, body []byte, cols []data.Column, exists bool, before []byte) error {
	if cols == nil {
		cols = r.Columns()
	}
	m := r.RecordMeta()
	if w.batch != nil && !exists {
		return w.batch.add(ctx, r, body, cols, w.historyArgs(nil, r.Kind(), m.ID, m.Version, before, []byte(currentVersion)))
	}
	if exists {
		if err := keepReplacedTx(ctx, w.tx, r.Kind(), m.ID); err != nil {
			return err
		}
	}
	q, args := rowInsertCols(r, body, cols, exists)
	if _, err := w.tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: write %s: %w", r.Kind(), err)
	}
	return w.history(ctx, r.Kind(), m.ID, m.Version, before, []byte(currentVersion))
}

// history writes a history entry alone: a version that is not (or no longer) the
// row's, as a merge keeps the losers of a conflict.
func (w *rowWriter) history(ctx context.Context, kind data.Kind, id string, version int64, before, after []byte) error {
	if _, err := w.tx.ExecContext(ctx, historySQL, w.historyArgs(nil, kind, id, version, before, after)...); err != nil {
		return fmt.Errorf("store: write history: %w", err)
	}
	return nil
}

// writer is the row writer of a local write (op names it in history).
func (s *Store) writer(tx execer, op string) *rowWriter {
	return &rowWriter{tx: tx, op: op, office: s.office, actor: s.Actor, at: s.now().Format(timeLayout)}
}
