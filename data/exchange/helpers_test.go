package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// office opens a new database set up for an office.
func office(t testing.TB, code, parent string, level data.Level) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), code+".db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.Actor = "cv-" + code
	require.NoError(t, s.SetUp(context.Background(), &data.Office{Code: code, Name: "Đơn vị " + code, Level: level, Parent: parent}))
	return s
}

// link makes two offices trust each other's cards.
func link(t testing.TB, a, b *store.Store) {
	t.Helper()
	ctx := context.Background()
	ca, err := a.OwnCard(ctx)
	require.NoError(t, err)
	cb, err := b.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Trust(ctx, cb))
	require.NoError(t, b.Trust(ctx, ca))
}

// send exports a bundle from one office to another and returns its path.
func send(t testing.TB, from *store.Store, to string) string {
	t.Helper()
	res, err := Export(context.Background(), from, to, t.TempDir(), false)
	require.NoError(t, err)
	return res.Path
}

// receive verifies and applies a bundle.
func receive(t testing.TB, s *store.Store, path string) *Result {
	t.Helper()
	b, err := Open(context.Background(), s, path, DefaultLimits)
	require.NoError(t, err)
	defer b.Close()
	res, err := b.Apply(context.Background())
	require.NoError(t, err)
	return res
}

// content digests everything a database holds (records, history, settings, exchange
// tables), so a refused import can be shown to change nothing.
func content(t testing.TB, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	h := sha256.New()
	counts, err := s.Counts(ctx)
	require.NoError(t, err)
	fmt.Fprint(h, counts)
	err = s.EachChanged(ctx, 0, 1<<62, func(kind data.Kind, owner string, versions []jsonRaw) error {
		for _, v := range versions {
			h.Write(v)
		}
		return nil
	})
	require.NoError(t, err)
	received, _ := s.Received(ctx)
	fmt.Fprint(h, received)
	conflicts, _ := s.Conflicts(ctx)
	fmt.Fprint(h, conflicts)
	return hex.EncodeToString(h.Sum(nil))
}

// state maps each live record id to its current version's clock reading, for
// comparing offices.
func state(t testing.TB, s *store.Store, kinds ...data.Kind) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.EachChanged(context.Background(), 0, 1<<62, func(kind data.Kind, owner string, versions []jsonRaw) error {
		if len(kinds) > 0 && !contains(kinds, kind) {
			return nil
		}
		return nil
	})
	require.NoError(t, err)
	for _, k := range kinds {
		ids := allIDs(t, s, k)
		for _, id := range ids {
			r, err := s.Load(context.Background(), k, id)
			require.NoError(t, err)
			m := data.MetaOf(r)
			out[id] = fmt.Sprintf("%s deleted=%v", m.HLC, m.Deleted)
		}
	}
	return out
}

func contains(ks []data.Kind, k data.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func allIDs(t testing.TB, s *store.Store, k data.Kind) []string {
	var ids []string
	err := s.EachChanged(context.Background(), 0, 1<<62, func(kind data.Kind, owner string, versions []jsonRaw) error {
		if kind == k {
			var m struct{ ID string }
			jsonUnmarshal(versions[0], &m)
			ids = append(ids, m.ID)
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(ids)
	return ids
}

// versions lists every version (clock reading) a database holds of a kind.
func versions(t testing.TB, s *store.Store, k data.Kind) map[string]bool {
	out := map[string]bool{}
	err := s.EachChanged(context.Background(), 0, 1<<62, func(kind data.Kind, owner string, vs []jsonRaw) error {
		if kind != k {
			return nil
		}
		for _, v := range vs {
			var m struct{ HLC string }
			jsonUnmarshal(v, &m)
			out[m.HLC] = true
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

func readFile(t testing.TB, p string) []byte {
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return b
}
