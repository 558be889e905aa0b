package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"qlhoi/data"
)

// Stream is the state of this office's bundle stream to one recipient.
type Stream struct {
	Seq      int64  // last bundle sent
	PrevHash string // its file hash
	// Acked is the history watermark of the newest bundle the recipient says it has
	// imported: an export sends what changed after it.
	Acked int64
}

// StreamTo returns the stream state toward an office.
func (s *Store) StreamTo(ctx context.Context, to string) (Stream, error) {
	var st Stream
	err := s.db.QueryRowContext(ctx, "SELECT seq, hash FROM outbox WHERE recipient = ? ORDER BY seq DESC LIMIT 1", to).Scan(&st.Seq, &st.PrevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("store: outbox: %w", err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT o.watermark FROM peer_acks a JOIN outbox o ON o.recipient = a.office AND o.seq = a.seq WHERE a.office = ?`, to).Scan(&st.Acked)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("store: acks: %w", err)
	}
	return st, nil
}

// RecordSent stores a written bundle in the outbox.
func (s *Store) RecordSent(ctx context.Context, to string, seq int64, bundleID, hash string, watermark int64, full bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (recipient, seq, bundle_id, hash, watermark, full, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			to, seq, bundleID, hash, watermark, full, s.now().Format(timeLayout))
		if err != nil {
			return fmt.Errorf("store: outbox: %w", err)
		}
		return nil
	})
}

// PeerAck is the highest bundle seq of this office's stream that an office says it has
// imported (0 if none).
func (s *Store) PeerAck(ctx context.Context, office string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT seq FROM peer_acks WHERE office = ?", office).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: acks: %w", err)
	}
	return n, nil
}

// Received returns the highest bundle seq imported from each office.
func (s *Store) Received(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	err := eachRow(ctx, s.db, "receipts", func(rows *sql.Rows) error {
		var o string
		var n int64
		err := rows.Scan(&o, &n)
		out[o] = n
		return err
	}, "SELECT sender, max(seq) FROM receipts WHERE undone = 0 GROUP BY sender")
	return out, err
}

// ReceivedSeqs lists the bundle seqs imported from an office, ascending.
func (s *Store) ReceivedSeqs(ctx context.Context, from string) ([]int64, error) {
	return scanAll(ctx, s.db, "receipts", scanOne[int64], "SELECT seq FROM receipts WHERE sender = ? AND undone = 0 ORDER BY seq", from)
}

// MissingSeqs lists the bundles from an office before seq not imported (at most limit
// of them, the earliest) and counts them all, without a step per missing number.
func (s *Store) MissingSeqs(ctx context.Context, from string, seq int64, limit int) ([]int64, int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT seq FROM receipts WHERE sender = ? AND undone = 0 AND seq >= 1 AND seq < ? ORDER BY seq", from, seq)
	if err != nil {
		return nil, 0, fmt.Errorf("store: receipts: %w", err)
	}
	defer rows.Close()
	var listed []int64
	var have int64
	next := int64(1) // the first number not yet seen imported
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, 0, fmt.Errorf("store: receipts: %w", err)
		}
		for ; next < n && len(listed) < limit; next++ {
			listed = append(listed, next)
		}
		next = n + 1
		have++
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: receipts: %w", err)
	}
	for ; next < seq && len(listed) < limit; next++ {
		listed = append(listed, next)
	}
	return listed, max(seq-1-have, 0), nil
}

// ReceiptAt returns the receipt of the bundle with a seq from an office, or ErrNotFound.
func (s *Store) ReceiptAt(ctx context.Context, from string, seq int64) (*Receipt, error) {
	var id string
	err := s.db.QueryRowContext(ctx, "SELECT bundle_id FROM receipts WHERE sender = ? AND seq = ?", from, seq).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: receipt: %w", err)
	}
	return s.ReceiptOf(ctx, id)
}

// Receipt is the record of one imported bundle.
type Receipt struct {
	Sender   string
	Seq      int64
	BundleID string
	Hash     string
	Counts   map[string]map[string]int // kind → outcome class → records
	Backup   string                    // the automatic backup taken before
	At       string
	Undone   bool
}

// ReceiptOf returns the receipt of a bundle, or ErrNotFound.
func (s *Store) ReceiptOf(ctx context.Context, bundleID string) (*Receipt, error) {
	r := &Receipt{BundleID: bundleID}
	var counts string
	err := s.db.QueryRowContext(ctx, "SELECT sender, seq, hash, counts, backup, imported_at, undone FROM receipts WHERE bundle_id = ?", bundleID).
		Scan(&r.Sender, &r.Seq, &r.Hash, &counts, &r.Backup, &r.At, &r.Undone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: receipt: %w", err)
	}
	if err := json.Unmarshal([]byte(counts), &r.Counts); err != nil {
		return nil, fmt.Errorf("store: receipt: %w", err)
	}
	return r, nil
}

// ErrReceiptTaken is returned when another bundle of the same sequence number was
// imported: a receipt (and its undo data) is never replaced by another bundle's.
var ErrReceiptTaken = &data.Error{Code: "ErrSeqReused", Message: "Đã nhập một gói khác có cùng số thứ tự từ đơn vị này: gói này không thay được gói đã nhập. Hãy đối chiếu phiếu gửi với đơn vị gửi."}

// SaveReceipt stores the receipt in the merge's transaction, with what the merge
// changed (for undo), and what the sender says it has imported from this office: only
// bundles this office did send it count as acknowledged.
func (m *Merger) SaveReceipt(r Receipt, ackedByPeer int64) error {
	counts, err := json.Marshal(r.Counts)
	if err != nil {
		return fmt.Errorf("store: receipt: %w", err)
	}
	changes, err := json.Marshal(m.changes)
	if err != nil {
		return fmt.Errorf("store: receipt: %w", err)
	}
	res, err := m.tx.ExecContext(m.ctx, `INSERT INTO receipts (sender, seq, bundle_id, hash, counts, changes, backup, imported_at, undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
		ON CONFLICT(sender, seq) DO UPDATE SET hash = excluded.hash, counts = excluded.counts, changes = excluded.changes, backup = excluded.backup, imported_at = excluded.imported_at, undone = 0
		WHERE receipts.bundle_id = excluded.bundle_id`,
		r.Sender, r.Seq, r.BundleID, r.Hash, string(counts), string(changes), r.Backup, m.s.now().Format(timeLayout))
	if err != nil {
		return fmt.Errorf("store: receipt: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrReceiptTaken
	}
	ackedByPeer = max(ackedByPeer, 0)
	var sent sql.NullInt64
	if err := m.tx.QueryRowContext(m.ctx, "SELECT max(seq) FROM outbox WHERE recipient = ?", r.Sender).Scan(&sent); err != nil {
		return fmt.Errorf("store: outbox: %w", err)
	}
	if ackedByPeer > sent.Int64 {
		return nil // an acknowledgement of bundles never sent: ignored
	}
	// The newest bundle from the office says what it has now: its acknowledgement may go
	// down (it restored a backup) and this office then sends again what it lost. An
	// older bundle arriving late only ever raises it.
	var newest sql.NullInt64
	if err := m.tx.QueryRowContext(m.ctx, "SELECT max(seq) FROM receipts WHERE sender = ? AND undone = 0", r.Sender).Scan(&newest); err != nil {
		return fmt.Errorf("store: receipts: %w", err)
	}
	update := "max(seq, excluded.seq)"
	if newest.Int64 <= r.Seq {
		update = "excluded.seq"
	}
	_, err = m.tx.ExecContext(m.ctx, `INSERT INTO peer_acks (office, seq) VALUES (?, ?) ON CONFLICT(office) DO UPDATE SET seq = `+update, r.Sender, ackedByPeer)
	if err != nil {
		return fmt.Errorf("store: acks: %w", err)
	}
	return nil
}

// ErrUndoBlocked names the records changed again since the last import, which block its
// undo; UndoLastImport returns it inside an Error coded ErrUndoBlocked.
type ErrUndoBlocked struct{ Records []string }

func (e *ErrUndoBlocked) Error() string {
	return fmt.Sprintf("Không hoàn tác được: %d bản ghi đã được sửa sau lần nhập này (%s). Hãy xử lý các bản ghi đó trước.", len(e.Records), joinShort(e.Records))
}

func joinShort(ids []string) string {
	if len(ids) > 5 {
		return fmt.Sprintf("%s và %d bản ghi khác", joinComma(ids[:5]), len(ids)-5)
	}
	return joinComma(ids)
}

func joinComma(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// ErrNothingToUndo is returned when no import can be undone.
var ErrNothingToUndo = &data.Error{Code: "ErrNothingToUndo", Message: "Không có lần nhập gói dữ liệu nào để hoàn tác."}

// UndoLastImport undoes the newest import as a whole: every record it changed goes
// back to its version before (as a new local version, so history keeps everything),
// as long as nothing newer touched those records; otherwise it names them.
func (s *Store) UndoLastImport(ctx context.Context) (*Receipt, error) {
	var r Receipt
	var changes string
	err := s.db.QueryRowContext(ctx, "SELECT sender, seq, bundle_id, changes FROM receipts WHERE undone = 0 ORDER BY imported_at DESC, rowid DESC LIMIT 1").
		Scan(&r.Sender, &r.Seq, &r.BundleID, &changes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNothingToUndo
	}
	if err != nil {
		return nil, fmt.Errorf("store: undo: %w", err)
	}
	var list []Change0
	if err := json.Unmarshal([]byte(changes), &list); err != nil {
		return nil, fmt.Errorf("store: undo: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.revertTx(ctx, tx, list, "undo-import"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE receipts SET undone = 1 WHERE bundle_id = ?", r.BundleID)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.Undone = true
	return &r, nil
}

// revertTx puts every record of list back to its version before (a record that was new
// is deleted), as new local versions written with op. It refuses, naming them, if any
// of those records changed after the write being undone.
func (s *Store) revertTx(ctx context.Context, tx *sql.Tx, list []Change0, op string) error {
	var blocked []string
	for _, c := range list {
		_, m, err := s.loadTx(ctx, tx, c.Kind, c.ID)
		if err != nil {
			return err
		}
		if m.HLC != c.HLC {
			blocked = append(blocked, c.ID)
		}
	}
	if len(blocked) > 0 {
		b := &ErrUndoBlocked{Records: blocked}
		return &data.Error{Code: "ErrUndoBlocked", Message: b.Error(), Args: []any{len(blocked), joinShort(blocked)}, Err: b}
	}
	for _, c := range list {
		cur, err := s.recordTx(ctx, tx, c.Kind, c.ID)
		if err != nil {
			return err
		}
		var back data.Record
		if c.Before == nil || string(c.Before) == "null" {
			back = cur
			back.RecordMeta().Deleted = true
		} else if back, err = decode(c.Kind, c.Before); err != nil {
			return err
		}
		back.RecordMeta().Version = cur.RecordMeta().Version
		if err := s.replaceTx(ctx, tx, back, op, []WriteOption{AllowNearDuplicate}); err != nil {
			return err
		}
	}
	return nil
}
