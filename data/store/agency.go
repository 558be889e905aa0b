package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"qlhoi/data"
)

// ActiveAgencies returns the live agencies that are not retired, in Vietnamese order:
// the choices for a new task.
func (s *Store) ActiveAgencies(ctx context.Context) ([]*data.Agency, error) {
	all, err := s.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(a *data.Agency) bool { return a.Retired }), nil
}

// RetireAgency hides an agency from new choices; its tasks and history stay.
func (s *Store) RetireAgency(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a, err := liveTx[data.Agency](ctx, s, tx, id)
		if err != nil {
			return err
		}
		if a.Retired {
			return nil
		}
		a.Retired = true
		return s.replaceTx(ctx, tx, a, "update", nil)
	})
}

// MergeAgency merges agency from into agency into (since 2025 many bodies were merged):
// every open task led by from is led by into, from's place among co-operating agencies
// goes to into, and from is retired with a pointer to into. Completed tasks keep the
// agency that did them. It returns how many tasks moved.
func (s *Store) MergeAgency(ctx context.Context, from, into string) (int, error) {
	if from == into {
		return 0, &data.Error{Code: "ErrAgencyMergeSelf", Field: "merged_into", Message: "Không thể hợp nhất một cơ quan vào chính nó."}
	}
	moved := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		src, err := liveTx[data.Agency](ctx, s, tx, from)
		if err != nil {
			return err
		}
		dst, err := liveTx[data.Agency](ctx, s, tx, into)
		if err != nil {
			return err
		}
		if dst.Retired {
			return data.ErrAgencyMergeRetired
		}
		tasks, err := queryRecords[data.Task](ctx, tx, `SELECT body FROM tasks WHERE deleted = 0 AND (lead = ? OR body LIKE ?) ORDER BY id`, from, "%"+from+"%")
		if err != nil {
			return err
		}
		today := s.Today()
		for _, t := range tasks {
			if t.StatusOn(today).Done() || !t.Reassign(from, into) {
				continue
			}
			if err := s.replaceTx(ctx, tx, t, "update", nil); err != nil {
				return fmt.Errorf("store: move task %s: %w", t.ID, err)
			}
			moved++
		}
		src.Retired, src.MergedInto = true, dst.ID
		return s.replaceTx(ctx, tx, src, "update", nil)
	})
	return moved, err
}

// liveTx loads a live record of type T inside a transaction.
func liveTx[T any, P interface {
	*T
	data.Record
}](ctx context.Context, s *Store, tx querier, id string) (P, error) {
	var zero P
	r, err := s.recordTx(ctx, tx, zero.Kind(), id)
	if err != nil {
		return nil, err
	}
	if r.RecordMeta().Deleted {
		return nil, data.ErrNotFound
	}
	return r.(P), nil
}

// SeedDefaultProfile gives a freshly set-up Party office the Party's document format
// (a Đảng ủy xã printed in the State's format), unless a format was chosen.
func (s *Store) SeedDefaultProfile(ctx context.Context) error {
	if v, err := s.Setting(ctx, SettingProfile); err != nil || v != "" {
		return err
	}
	o, err := s.OwnOffice(ctx)
	if err != nil || !o.PartyBody() {
		return err
	}
	return s.SetSetting(ctx, SettingProfile, "party")
}

// SeedDefaultAgencies gives a freshly set-up office the default agencies of its level,
// unless it already has agencies. It returns how many it added.
func (s *Store) SeedDefaultAgencies(ctx context.Context) (int, error) {
	own, err := s.OwnOffice(ctx)
	if err != nil {
		return 0, err
	}
	existing, err := s.Agencies(ctx)
	if err != nil || len(existing) > 0 {
		return 0, err
	}
	defaults := data.DefaultAgencies(own.Level)
	recs := make([]data.Record, len(defaults))
	for i, a := range defaults {
		recs[i] = a
	}
	return len(recs), s.CreateAll(ctx, recs)
}
