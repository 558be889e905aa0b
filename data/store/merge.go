package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"qlhoi/data"
)

// Subtree returns the codes of an office and every office below it.
func (s *Store) Subtree(ctx context.Context, code string) (map[string]bool, error) {
	offices, err := s.Offices(ctx)
	if err != nil {
		return nil, err
	}
	children := map[string][]string{}
	for _, o := range offices {
		children[o.Parent] = append(children[o.Parent], o.Code)
	}
	out := map[string]bool{code: true}
	queue := []string{code}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, ch := range children[c] {
			if !out[ch] {
				out[ch] = true
				queue = append(queue, ch)
			}
		}
	}
	return out, nil
}

// HighWater is the newest history sequence number.
func (s *Store) HighWater(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT max(seq) FROM history").Scan(&n)
	return n.Int64, err
}

// versionMeta is the part of a version body the merge reads.
type versionMeta struct {
	ID      string   `json:"id"`
	Office  string   `json:"office"`
	HLC     string   `json:"hlc"`
	By      string   `json:"by"`
	Parents []string `json:"parents"`
	Deleted bool     `json:"deleted"`
}

// EachChanged calls fn for every record with a history entry after watermark and up to
// high, in id order, with all its versions (oldest first). It streams: memory does
// not grow with the number of records.
func (s *Store) EachChanged(ctx context.Context, watermark, high int64, fn func(kind data.Kind, owner string, versions []json.RawMessage) error) error {
	q := `SELECT kind, record_id, ` + historyAfter + ` FROM history WHERE kind <> 'settings' AND seq <= ?`
	args := []any{high}
	if watermark > 0 {
		q += ` AND record_id IN (SELECT record_id FROM history WHERE seq > ? AND seq <= ?)`
		args = append(args, watermark, high)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY record_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("store: changed records: %w", err)
	}
	defer rows.Close()
	var (
		curID, curKind string
		owner          string
		versions       []json.RawMessage
	)
	flush := func() error {
		if curID == "" {
			return nil
		}
		return fn(data.Kind(curKind), owner, versions)
	}
	for rows.Next() {
		var kind, id string
		var after []byte
		if err := rows.Scan(&kind, &id, &after); err != nil {
			return fmt.Errorf("store: changed records: %w", err)
		}
		if id != curID || kind != curKind { // ids are unique across kinds; this is a second guard
			if err := flush(); err != nil {
				return err
			}
			curID, curKind, versions = id, kind, nil
			var m versionMeta
			if err := json.Unmarshal(after, &m); err != nil {
				return fmt.Errorf("store: changed records: %s: %w", id, err)
			}
			owner = m.Office
		}
		versions = append(versions, json.RawMessage(after))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// Outcome classes of a merged record.
const (
	Added      = "added"
	Changed    = "changed"
	Unchanged  = "unchanged"
	Conflicted = "conflicted"
	Refused    = "refused"
)

// Outcome is what merging one received record did (or would do).
type Outcome struct {
	Kind   data.Kind
	ID     string
	Class  string
	Reason string // why it was refused, in Vietnamese
	// Before and After are the current record before and after, as JSON.
	Before, After json.RawMessage
}

// Conflict is a record whose versions from different offices disagree.
type Conflict struct {
	Kind     data.Kind
	RecordID string
	Heads    []string // the competing versions (clock readings)
	Winner   string   // the one shown
	Detected string
}

// Conflicts lists the open conflicts.
func (s *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT kind, record_id, heads, winner, detected_at FROM conflicts WHERE resolved = 0 ORDER BY detected_at, record_id")
	if err != nil {
		return nil, fmt.Errorf("store: conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var heads string
		if err := rows.Scan(&c.Kind, &c.RecordID, &heads, &c.Winner, &c.Detected); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(heads), &c.Heads); err != nil {
			return nil, fmt.Errorf("store: conflict %s: %w", c.RecordID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// VersionByHLC returns the version of a record with a clock reading (from history).
func (s *Store) VersionByHLC(ctx context.Context, kind data.Kind, id, hlc string) (data.Record, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+historyAfter+" FROM history WHERE kind = ? AND record_id = ?", string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("store: version: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var after []byte
		if err := rows.Scan(&after); err != nil {
			return nil, err
		}
		var m versionMeta
		if err := json.Unmarshal(after, &m); err != nil {
			return nil, fmt.Errorf("store: version: %w", err)
		}
		if m.HLC == hlc {
			return decode(kind, after)
		}
	}
	return nil, data.ErrNotFound
}

// sameContent reports whether all heads say the same thing (two offices made the same
// change, such as the same progress carried over to a task): that is no conflict.
func sameContent(heads []version) bool {
	key := func(b []byte) (string, bool) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return "", false
		}
		for f := range data.MetaFields {
			delete(m, f)
		}
		out, err := json.Marshal(m)
		return string(out), err == nil
	}
	first, ok := key(heads[0].body)
	if !ok {
		return false
	}
	for _, h := range heads[1:] {
		if k, ok := key(h.body); !ok || k != first {
			return false
		}
	}
	return true
}

// EditTravels says whether a change made here to a record owned by owner goes out in
// this office's bundles: only what this office or an office below it owns does (the
// rule of exchange.travels, seen from the editor); a record of an office above or
// beside stays as edited on this machine.
func (s *Store) EditTravels(ctx context.Context, owner string) (bool, error) {
	scope, err := s.Subtree(ctx, s.office)
	if err != nil {
		return false, err
	}
	return scope[owner], nil
}
