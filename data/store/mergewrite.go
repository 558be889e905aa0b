package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"qlhoi/data"
)

// write adds every new version to history (nothing is lost), oldest first, and writes
// the winner's row when it is not the current version already. It returns the
// winner's body and whether the current record changed.
func (m *Merger) write(kind data.Kind, id string, loc *local, fresh []version, winner version) ([]byte, bool, error) {
	sort.Slice(fresh, func(i, j int) bool { return fresh[i].meta.HLC < fresh[j].meta.HLC })
	now := m.s.now().Format(timeLayout)
	maxVersion := loc.maxVersion
	var winnerBody []byte
	var winnerRec data.Record
	var winnerCols []data.Column
	for _, v := range fresh {
		maxVersion++
		body := []byte(v.body)
		if v.rec.RecordMeta().Version != maxVersion || v.rewritten { // keep the sender's bytes when they already say it
			v.rec.RecordMeta().Version = maxVersion
			var err error
			if body, err = json.Marshal(v.rec); err != nil {
				return nil, false, fmt.Errorf("store: merge %s: %w", id, err)
			}
		}
		if v.meta.HLC == winner.meta.HLC {
			winnerBody, winnerRec, winnerCols = body, v.rec, v.cols
			continue // written last, so it is the newest local version
		}
		if err := m.writer(v.meta.By, now).history(m.ctx, kind, id, maxVersion, loc.current, body); err != nil {
			return nil, false, err
		}
	}
	var cm versionMeta
	if loc.current != nil {
		if err := json.Unmarshal(loc.current, &cm); err != nil {
			return nil, false, fmt.Errorf("store: merge %s: %w", id, err)
		}
	}
	if loc.current != nil && winner.meta.HLC == cm.HLC {
		return loc.current, false, nil
	}
	if winnerBody == nil { // an older version already here wins again
		maxVersion++
		var err error
		if winnerBody, err = withVersion(winner.body, maxVersion); err != nil {
			return nil, false, err
		}
	}
	if winnerRec == nil {
		var err error
		if winnerRec, err = decode(kind, winnerBody); err != nil {
			return nil, false, err
		}
	}
	if err := m.writer(winner.meta.By, now).write(m.ctx, winnerRec, winnerBody, winnerCols, loc.current != nil, loc.current); err != nil {
		return nil, false, err
	}
	if o, ok := winnerRec.(*data.Office); ok {
		m.placed(o)
	}
	m.changes = append(m.changes, Change0{Kind: kind, ID: id, Before: json.RawMessage(loc.current), HLC: winner.meta.HLC})
	return winnerBody, true, nil
}

// writer is the row writer of a merge: history names the office that wrote the version
// and the bundle it came in; statements run prepared, once per merge.
func (m *Merger) writer(by, now string) *rowWriter {
	return &rowWriter{tx: mergeExec{m}, op: "import", office: by, actor: "gói từ " + m.sender, at: now}
}

// mergeExec runs statements through the merge's prepared statements.
type mergeExec struct{ m *Merger }

func (x mergeExec) ExecContext(_ context.Context, q string, args ...any) (sql.Result, error) {
	st, err := x.m.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(x.m.ctx, args...)
}

// recordConflict lists a conflict (heads that disagree) or closes one that is over.
func (m *Merger) recordConflict(kind data.Kind, id string, heads []version, winner version, conflicted bool) error {
	if conflicted {
		hs := make([]string, 0, len(heads))
		for _, h := range heads {
			hs = append(hs, h.meta.HLC)
		}
		sort.Strings(hs)
		b, err := json.Marshal(hs)
		if err != nil {
			return fmt.Errorf("store: conflict: %w", err)
		}
		if err := m.exec(`INSERT OR REPLACE INTO conflicts (record_id, kind, heads, winner, detected_at, resolved) VALUES (?, ?, ?, ?, ?, 0)`,
			id, string(kind), string(b), winner.meta.HLC, m.s.now().Format(timeLayout)); err != nil {
			return fmt.Errorf("store: conflict: %w", err)
		}
		m.open[id] = true
		return nil
	}
	if m.open[id] {
		if err := m.exec("UPDATE conflicts SET resolved = 1 WHERE record_id = ?", id); err != nil {
			return fmt.Errorf("store: conflict: %w", err)
		}
		delete(m.open, id)
	}
	return nil
}

// carryOver keeps a task of this office true to the progress updates other offices
// report on it: only its progress fields follow (see recomputeTaskTx).
func (m *Merger) carryOver(kind data.Kind, id string, changed bool, body []byte) error {
	if kind != data.KindProgress || !changed {
		return nil
	}
	r, err := decode(kind, body)
	if err != nil {
		return err
	}
	u := r.(*data.ProgressUpdate)
	_, tm, err := m.s.loadTx(m.ctx, m.tx, data.KindTask, u.Task)
	if errors.Is(err, data.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if tm.Office != m.s.office {
		return nil
	}
	return m.s.recomputeTaskTx(m.ctx, m.tx, u.Task)
}

func nullable(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// withVersion sets the local version number in a version body.
func withVersion(body []byte, n int64) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("store: version body: %w", err)
	}
	m["version"] = json.RawMessage(fmt.Sprint(n))
	return json.Marshal(m)
}
