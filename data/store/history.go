package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"qlhoi/data"
)

// Change is one entry of a record's history: one write, with the record before and after.
type Change struct {
	Seq      int64
	Kind     data.Kind
	RecordID string
	Version  int64
	// Op is create, update, delete or restore.
	Op     string
	Office string
	Actor  string
	At     time.Time
	Before []byte // nil for a create
	After  []byte
}

// A history row whose after is empty holds the record's current version: the body of
// its row, not a second copy of it (an import of 20,000 records writes a quarter less).
// Before a row is written over, the empty after of its history is filled in with the
// body about to be replaced (keepReplacedTx), so only a record's newest version is kept
// this way. Readers of history read historyAfter, not after.
const currentVersion = ""

// historyAfter is the SQL of a history row's version, whichever way it is kept.
var historyAfter = func() string {
	var b strings.Builder
	b.WriteString("(CASE WHEN history.after <> '' THEN history.after")
	for _, k := range data.Kinds {
		fmt.Fprintf(&b, " WHEN history.kind = '%s' THEN (SELECT body FROM %s WHERE id = history.record_id)", k, k)
	}
	b.WriteString(" ELSE history.after END)")
	return b.String()
}()

// keepReplacedSQL fills in, per kind, the history row that holds a record's current
// version with the row's body, just before the row is written over.
var keepReplacedSQL = func() map[data.Kind]string {
	m := map[data.Kind]string{}
	for _, k := range data.Kinds {
		m[k] = fmt.Sprintf("UPDATE history SET after = (SELECT body FROM %s WHERE id = ?1) WHERE record_id = ?1 AND kind = '%s' AND after = ''", k, k)
	}
	return m
}()

// keepReplacedTx keeps in history the version of a record about to be written over.
func keepReplacedTx(ctx context.Context, tx execer, kind data.Kind, id string) error {
	if _, err := tx.ExecContext(ctx, keepReplacedSQL[kind], id); err != nil {
		return fmt.Errorf("store: keep version %s: %w", id, err)
	}
	return nil
}

// OpLabel is the Vietnamese name of the change's operation.
func (c Change) OpLabel() string {
	switch c.Op {
	case "create":
		return "Tạo mới"
	case "update":
		return "Sửa"
	case "delete":
		return "Xóa"
	case "restore":
		return "Khôi phục"
	case "import":
		return "Nhập gói dữ liệu"
	case "undo-import":
		return "Hoàn tác lần nhập gói"
	case "undo-import-sheet":
		return "Hoàn tác lần nhập bảng tính"
	}
	if file, ok := strings.CutPrefix(c.Op, OpImportSheet+":"); ok {
		return "Nhập từ tệp " + file
	}
	return c.Op
}

// History returns every change of a record, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]Change, error) {
	return scanAll(ctx, s.db, "history", scanChange, `SELECT seq, kind, record_id, version, op, office, actor, at, before, `+historyAfter+` FROM history WHERE record_id = ? ORDER BY seq`, id)
}

// scanChange reads a history row.
func scanChange(rows *sql.Rows) (Change, error) {
	var c Change
	var at string
	var before sql.NullString
	var after string
	if err := rows.Scan(&c.Seq, &c.Kind, &c.RecordID, &c.Version, &c.Op, &c.Office, &c.Actor, &at, &before, &after); err != nil {
		return c, err
	}
	c.At, _ = time.Parse(timeLayout, at)
	if before.Valid {
		c.Before = []byte(before.String)
	}
	c.After = []byte(after)
	return c, nil
}

// Version returns the record as it was at the given version.
func (s *Store) Version(ctx context.Context, kind data.Kind, id string, version int64) (data.Record, error) {
	return s.versionTx(ctx, s.db, kind, id, version)
}

func (s *Store) versionTx(ctx context.Context, q querier, kind data.Kind, id string, version int64) (data.Record, error) {
	var after string
	err := q.QueryRowContext(ctx, `SELECT `+historyAfter+` FROM history WHERE kind = ? AND record_id = ? AND version = ? ORDER BY seq DESC LIMIT 1`, string(kind), id, version).Scan(&after)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: version: %w", err)
	}
	return decode(kind, []byte(after))
}
