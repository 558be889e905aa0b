package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"qlhoi/data"
)

// OpImportSheet starts the history operation of a record written by a spreadsheet
// import; the file's name follows a colon: "import-sheet:DS-hoi-2023.xls".
const OpImportSheet = "import-sheet"

// SheetBatch is what one spreadsheet import writes: new records, and changed records
// that carry the version they were read at.
type SheetBatch struct {
	File    string // the spreadsheet's path; its base name goes to history
	Kind    string // hoi, leaders, figures, tasks
	Creates []data.Record
	Updates []data.Record
	// Counts is the preview's tally (thêm mới, cập nhật, bỏ qua, lỗi), kept with the import.
	Counts map[string]int
}

// SheetImport is the record of one applied spreadsheet import.
type SheetImport struct {
	ID     int64
	File   string
	Kind   string
	Counts map[string]int
	Backup string // the automatic backup taken before
	At     string
	Undone bool
}

// ErrNothingToUndoSheet is returned when no spreadsheet import can be undone.
var ErrNothingToUndoSheet = &data.Error{Code: "ErrNothingToUndoSheet", Message: "Không có lần nhập bảng tính nào để hoàn tác."}

// ApplySheet takes an automatic backup beside the database, then writes the batch in
// one transaction (all or nothing), with history naming the file, and keeps what it
// changed so that UndoLastSheetImport can take it back.
func (s *Store) ApplySheet(ctx context.Context, b SheetBatch) (*SheetImport, error) {
	backup, err := s.AutoBackup(ctx, AutoBeforeSheet)
	if err != nil {
		return nil, err
	}
	op := OpImportSheet + ":" + filepath.Base(b.File)
	imp := &SheetImport{File: filepath.Base(b.File), Kind: b.Kind, Counts: b.Counts, Backup: backup, At: s.now().Format(timeLayout)}
	err = s.inLargeTx(ctx, func(tx *stmtTx) error {
		changes, err := s.writeSheetTx(ctx, tx, b, op)
		if err != nil {
			return err
		}
		counts, err := json.Marshal(b.Counts)
		if err != nil {
			return err
		}
		list, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO sheet_imports (file, kind, counts, changes, backup, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
			imp.File, imp.Kind, string(counts), string(list), backup, imp.At)
		if err != nil {
			return fmt.Errorf("store: sheet import: %w", err)
		}
		imp.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, err
	}
	return imp, nil
}

// writeSheetTx writes the batch's records and returns what it changed.
func (s *Store) writeSheetTx(ctx context.Context, tx dbtx, b SheetBatch, op string) ([]Change0, error) {
	changes := make([]Change0, 0, len(b.Creates)+len(b.Updates))
	// New records are stamped here in order (the clock), then validated and encoded on
	// another goroutine a few records ahead of the inserts.
	for _, r := range b.Creates {
		r.Clean()
		s.stampNew(r)
	}
	batch := &newRows{tx: tx, rows: map[data.Kind]*pending{}}
	w := s.writer(tx, op)
	w.batch = batch
	err := data.Ahead(ctx, b.Creates, encodeNew, func(r data.Record, e encoded) error {
		if e.err != nil {
			return e.err
		}
		if err := w.write(ctx, r, e.body, e.cols, false, nil); err != nil {
			return err
		}
		changes = append(changes, Change0{Kind: r.Kind(), ID: r.RecordMeta().ID, Before: json.RawMessage("null"), HLC: r.RecordMeta().HLC})
		return nil
	})
	if err == nil {
		err = batch.flush(ctx)
	}
	if err != nil {
		return nil, err
	}
	for _, r := range b.Updates {
		before, _, err := s.loadTx(ctx, tx, r.Kind(), r.RecordMeta().ID)
		if err != nil {
			return nil, err
		}
		r.Clean()
		if err := data.ValidateRecord(r); err != nil {
			return nil, err
		}
		if err := s.replaceTx(ctx, tx, r, op, []WriteOption{AllowNearDuplicate}); err != nil {
			return nil, err
		}
		changes = append(changes, Change0{Kind: r.Kind(), ID: r.RecordMeta().ID, Before: before, HLC: r.RecordMeta().HLC})
	}
	return changes, nil
}

// LastSheetImport returns the newest spreadsheet import not undone, or ErrNothingToUndoSheet.
func (s *Store) LastSheetImport(ctx context.Context) (*SheetImport, []Change0, error) {
	imp := &SheetImport{}
	var counts, changes string
	err := s.db.QueryRowContext(ctx, "SELECT id, file, kind, counts, changes, backup, imported_at FROM sheet_imports WHERE undone = 0 ORDER BY id DESC LIMIT 1").
		Scan(&imp.ID, &imp.File, &imp.Kind, &counts, &changes, &imp.Backup, &imp.At)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNothingToUndoSheet
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: sheet import: %w", err)
	}
	var list []Change0
	if err := json.Unmarshal([]byte(counts), &imp.Counts); err != nil {
		return nil, nil, fmt.Errorf("store: sheet import counts: %w", err)
	}
	if err := json.Unmarshal([]byte(changes), &list); err != nil {
		return nil, nil, fmt.Errorf("store: sheet import changes: %w", err)
	}
	return imp, list, nil
}

// UndoLastSheetImport takes back the newest spreadsheet import as a whole: every record
// it wrote goes back to its version before (new records are deleted), as new local
// versions, unless one of them changed since; then it names them and changes nothing.
func (s *Store) UndoLastSheetImport(ctx context.Context) (*SheetImport, error) {
	imp, list, err := s.LastSheetImport(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.revertTx(ctx, tx, list, "undo-import-sheet"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE sheet_imports SET undone = 1 WHERE id = ?", imp.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	imp.Undone = true
	return imp, nil
}

// encoded is a new record validated and encoded for its row.
type encoded struct {
	body []byte
	cols []data.Column
	err  error
}

// encodeNew validates a stamped new record and encodes its row. It uses no state: it
// may run on any goroutine.
func encodeNew(r data.Record) encoded {
	if err := data.ValidateRecord(r); err != nil {
		return encoded{err: err}
	}
	body, err := json.Marshal(r)
	if err != nil {
		return encoded{err: fmt.Errorf("store: encode %s: %w", r.Kind(), err)}
	}
	return encoded{body: body, cols: r.Columns()}
}

// newRows writes new records' rows, and their history, fifty rows per statement: for
// rows this small a statement costs more than a row. Each kind's rows wait apart (no
// table refers to another, so their order does not matter); flush writes the rest.
type newRows struct {
	tx   dbtx
	rows map[data.Kind]*pending
	hist pending
}

// pending is rows waiting for one multi-row INSERT.
type pending struct {
	head  string // "INSERT INTO t (a, b) VALUES "
	width int    // values per row
	args  []any
	n     int
}

const batchRows = 50

// add queues r's new row (as encoded) and its history entry (rowWriter.historyArgs).
func (b *newRows) add(ctx context.Context, r data.Record, body []byte, cols []data.Column, hist []any) error {
	rows := b.rows[r.Kind()]
	if rows == nil {
		names := rowNames(cols)
		rows = &pending{head: "INSERT INTO " + string(r.Kind()) + " (" + strings.Join(names, ", ") + ") VALUES ", width: len(names)}
		b.rows[r.Kind()] = rows
	}
	rows.args = rowArgs(rows.args, r, body, cols)
	if b.hist.head == "" {
		b.hist = pending{head: historySQL[:strings.Index(historySQL, "VALUES")+len("VALUES ")], width: 9}
	}
	b.hist.args = append(b.hist.args, hist...)
	for _, p := range []*pending{rows, &b.hist} {
		if p.n++; p.n == batchRows {
			if err := p.flush(ctx, b.tx); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush writes every row still waiting.
func (b *newRows) flush(ctx context.Context) error {
	for _, p := range b.rows {
		if err := p.flush(ctx, b.tx); err != nil {
			return err
		}
	}
	return b.hist.flush(ctx, b.tx)
}

func (p *pending) flush(ctx context.Context, tx dbtx) error {
	if p.n == 0 {
		return nil
	}
	row := "(?" + strings.Repeat(", ?", p.width-1) + ")"
	if _, err := tx.ExecContext(ctx, p.head+strings.Repeat(row+", ", p.n-1)+row, p.args...); err != nil {
		return fmt.Errorf("store: write new rows: %w", err)
	}
	p.args, p.n = p.args[:0], 0
	return nil
}
