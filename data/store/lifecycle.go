package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"qlhoi/data"
)

// Deleted returns the deleted records of type T, most recently deleted first: the
// "Đã xóa" list a clerk restores from.
func Deleted[T any, P interface {
	*T
	data.Record
}](ctx context.Context, s *Store) ([]P, error) {
	var zero P
	list, err := queryRecords[T, P](ctx, s.db, "SELECT body FROM "+string(zero.Kind())+" WHERE deleted = 1 ORDER BY id")
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b P) int { return b.RecordMeta().UpdatedAt.Compare(a.RecordMeta().UpdatedAt) })
	return list, nil
}

// Undelete brings a deleted record back as a new version; its history stays. A task
// whose directive is deleted cannot come back alone.
func (s *Store) Undelete(ctx context.Context, kind data.Kind, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.recordTx(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		if !r.RecordMeta().Deleted {
			return nil
		}
		if err := s.checkParentLiveTx(ctx, tx, r); err != nil {
			return err
		}
		r.RecordMeta().Deleted = false
		if err := s.replaceTx(ctx, tx, r, "restore", []WriteOption{AllowNearDuplicate}); err != nil {
			return err
		}
		return s.afterWriteTx(ctx, tx, r)
	})
}

func (s *Store) checkParentLiveTx(ctx context.Context, tx *sql.Tx, r data.Record) error {
	kind, id := parentOf(r)
	if kind == "" {
		return nil
	}
	_, m, err := s.loadTx(ctx, tx, kind, id)
	if err != nil {
		return err
	}
	if m.Deleted {
		return ErrParentDeleted
	}
	return nil
}

// ErrDirectiveHasTasks refuses deleting a directive that still has tasks.
func errDirectiveHasTasks(n int) error {
	return &data.Error{Code: "ErrDirectiveHasTasks", Args: []any{n}, Message: fmt.Sprintf("Văn bản này còn %d nhiệm vụ. Hãy xóa hoặc chuyển các nhiệm vụ đó sang văn bản khác trước khi xóa văn bản.", n)}
}

// beforeDeleteTx applies the rules a deletion must keep: a directive with live tasks
// stays, so no task is left without its directive.
func (s *Store) beforeDeleteTx(ctx context.Context, tx *sql.Tx, r data.Record) error {
	d, ok := r.(*data.Directive)
	if !ok {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM tasks WHERE deleted = 0 AND directive = ?", d.ID).Scan(&n); err != nil {
		return fmt.Errorf("store: count tasks: %w", err)
	}
	if n > 0 {
		return errDirectiveHasTasks(n)
	}
	return nil
}

// afterWriteTx keeps derived data true after a write: a task's progress, last report
// and completion follow its live progress updates whenever one is added, edited,
// deleted, restored or received — always by Task.DeriveProgress.
func (s *Store) afterWriteTx(ctx context.Context, tx dbtx, r data.Record) error {
	if u, ok := r.(*data.ProgressUpdate); ok {
		return s.recomputeTaskTx(ctx, tx, u.Task)
	}
	return nil
}

// recomputeTaskTx derives a task's progress fields again from its live updates.
func (s *Store) recomputeTaskTx(ctx context.Context, tx dbtx, taskID string) error {
	t, err := liveTx[data.Task](ctx, s, tx, taskID)
	if err != nil {
		if data.HasCode(err, data.ErrNotFound.Code) {
			return nil // the task itself is deleted: nothing to keep true
		}
		return err
	}
	updates, err := queryRecords[data.ProgressUpdate](ctx, tx, "SELECT body FROM progress_updates WHERE deleted = 0 AND task = ? ORDER BY id", taskID)
	if err != nil {
		return err
	}
	before := *t
	t.DeriveProgress(updates)
	if t.LastReport == before.LastReport && t.Percent == before.Percent && t.CompletedOn == before.CompletedOn && t.Result == before.Result {
		return nil
	}
	return s.replaceTx(ctx, tx, t, "update", nil)
}

// KeepVersion makes the version of a record with a clock reading current again — the
// clerk's choice among the versions of a conflict. It is written as a new local
// version over every competing one, which resolves the conflict; the others stay in
// history.
func (s *Store) KeepVersion(ctx context.Context, kind data.Kind, id, hlc string) error {
	v, err := s.VersionByHLC(ctx, kind, id, hlc)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, cur, err := s.loadTx(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		v.RecordMeta().Version = cur.Version
		v.Clean()
		if err := data.ValidateRecord(v); err != nil {
			return err
		}
		if err := s.replaceTx(ctx, tx, v, "restore", []WriteOption{AllowNearDuplicate}); err != nil {
			return err
		}
		return s.afterWriteTx(ctx, tx, v)
	})
}

// ErrParentDeleted refuses restoring a record whose parent is deleted.
var ErrParentDeleted = &data.Error{Code: "ErrParentDeleted", Message: "Bản ghi này thuộc một văn bản hoặc nhiệm vụ đã bị xóa. Hãy khôi phục văn bản, nhiệm vụ đó trước."}
