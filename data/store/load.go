package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"qlhoi/data"
)

// querier reads records: the database or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) loadTx(ctx context.Context, q querier, kind data.Kind, id string) ([]byte, *data.Meta, error) {
	var body string
	err := q.QueryRowContext(ctx, "SELECT body FROM "+string(kind)+" WHERE id = ?", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, data.ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: load %s %s: %w", kind, id, err)
	}
	var m data.Meta
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return nil, nil, fmt.Errorf("store: decode %s %s: %w", kind, id, err)
	}
	return []byte(body), &m, nil
}

func (s *Store) recordTx(ctx context.Context, q querier, kind data.Kind, id string) (data.Record, error) {
	body, _, err := s.loadTx(ctx, q, kind, id)
	if err != nil {
		return nil, err
	}
	return decode(kind, body)
}

func decode(kind data.Kind, body []byte) (data.Record, error) {
	r, err := data.NewRecord(kind)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("store: decode %s: %w", kind, err)
	}
	return r, nil
}

// Load returns the record of a kind with the given id, deleted or not.
func (s *Store) Load(ctx context.Context, kind data.Kind, id string) (data.Record, error) {
	return s.recordTx(ctx, s.db, kind, id)
}

// Get returns the record of type T with the given id (deleted records included; check
// Deleted). It returns ErrNotFound if there is none.
func Get[T any, P interface {
	*T
	data.Record
}](ctx context.Context, s *Store, id string) (P, error) {
	var zero P
	r, err := s.Load(ctx, zero.Kind(), id)
	if err != nil {
		return nil, err
	}
	return r.(P), nil
}

// List returns the live records of type T where column = value (all live records if
// column is empty), in creation order.
func List[T any, P interface {
	*T
	data.Record
}](ctx context.Context, s *Store, column string, value any) ([]P, error) {
	var zero P
	q := "SELECT body FROM " + string(zero.Kind()) + " WHERE deleted = 0"
	var args []any
	if column != "" {
		q += " AND " + column + " = ?"
		args = append(args, value)
	}
	return queryRecords[T, P](ctx, s.db, q+" ORDER BY id", args...)
}

func queryRecords[T any, P interface {
	*T
	data.Record
}](ctx context.Context, q querier, query string, args ...any) ([]P, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	defer rows.Close()
	var bodies [][]byte
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("store: scan: %w", err)
		}
		bodies = append(bodies, body)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	return decodeRecords[T, P](bodies)
}

// parallelDecode is the number of records from which decoding is shared among the
// processors: decoding JSON is most of the time of reading a long list.
const parallelDecode = 256

// decodeRecords decodes the bodies in order, in parallel for long lists; the error is
// the first body's, in order, that does not decode.
func decodeRecords[T any, P interface {
	*T
	data.Record
}](bodies [][]byte) ([]P, error) {
	if len(bodies) == 0 {
		return nil, nil
	}
	out := make([]P, len(bodies))
	errs := make([]error, len(bodies))
	decode := func(from, to int) {
		for i := from; i < to; i++ {
			p := P(new(T))
			if err := json.Unmarshal(bodies[i], p); err != nil {
				errs[i] = err
				continue
			}
			out[i] = p
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(bodies)/parallelDecode)
	if workers <= 1 {
		decode(0, len(bodies))
	} else {
		var wg sync.WaitGroup
		chunk := (len(bodies) + workers - 1) / workers
		for from := 0; from < len(bodies); from += chunk {
			wg.Go(func() { decode(from, min(from+chunk, len(bodies))) })
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("store: decode: %w", err)
		}
	}
	return out, nil
}

// timeLayout is how times are stored: UTC, fixed width so that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"
