package exchange

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// TestMain lets the test binary act as a child process that applies a bundle.
func TestMain(m *testing.M) {
	if db := os.Getenv("QLHOI_APPLY_DB"); db != "" {
		os.Exit(childApply(db, os.Getenv("QLHOI_APPLY_BUNDLE")))
	}
	os.Exit(m.Run())
}

func childApply(db, bundle string) int {
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	b, err := Open(ctx, s, bundle, DefaultLimits)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := b.Apply(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func copyFile(t testing.TB, from, to string) {
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.Create(to)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// A child process applying a large bundle is killed at random moments; after each
// kill the database passes integrity_check and holds none or all of the bundle.
func TestKilledImport(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	dir := t.TempDir()
	p, err := store.Open(ctx, filepath.Join(dir, "p.db"))
	require.NoError(t, err)
	require.NoError(t, p.SetUp(ctx, &data.Office{Code: "QT", Name: "Tỉnh", Level: data.LevelProvince}))
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	const n = 6000
	recs := make([]data.Record, n)
	for i := range recs {
		recs[i] = assoc(fmt.Sprintf("Hội số %d", i))
	}
	require.NoError(t, a.CreateAll(ctx, recs, store.AllowNearDuplicate))
	bundle := send(t, a, "QT")
	require.NoError(t, p.Close())

	rnd := rand.New(rand.NewPCG(3, 5))
	outcomes := map[int]int{}
	for trial := range 6 {
		db := filepath.Join(dir, fmt.Sprintf("trial-%d.db", trial))
		copyFile(t, filepath.Join(dir, "p.db"), db)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "QLHOI_APPLY_DB="+db, "QLHOI_APPLY_BUNDLE="+bundle)
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(50+rnd.IntN(1500)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()

		s, err := store.Open(ctx, db)
		require.NoError(t, err, "the database opens after the kill")
		res, err := s.Check(ctx)
		require.NoError(t, err)
		require.True(t, res.OK(), "integrity_check after kill: %v", res.Integrity)
		_, count, err := s.FindAssociations(ctx, store.AssociationFilter{})
		require.NoError(t, err)
		require.True(t, count == 0 || count == n, "none or all of the bundle, got %d", count)
		outcomes[count]++
		s.Close()
	}
	t.Logf("after kills: %v (records → trials)", outcomes)
}
