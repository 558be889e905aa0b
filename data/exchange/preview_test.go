package exchange

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// provinceAndDistrict makes a province and a district below it that trust each other.
func provinceAndDistrict(t *testing.T) (p, a *store.Store) {
	p = office(t, "QT", "", data.LevelProvince)
	a = office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	return p, a
}

// districtSends makes a province and a district that trust each other; the district
// sends one new association.
func districtSends(t *testing.T) (p, a *store.Store, path string) {
	p, a = provinceAndDistrict(t)
	require.NoError(t, a.Create(context.Background(), assoc("Hội Người mù huyện A")))
	return p, a, send(t, a, "QT")
}

// A preview reads a snapshot: a save made while it runs (in the window or with qlhoictl)
// does not wait for it (it waited 15 s for the write lock and failed).
func TestSaveDuringPreviewDoesNotWait(t *testing.T) {
	ctx := context.Background()
	p, _, path := districtSends(t)
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()

	var took time.Duration
	var saveErr error
	beforeMerge = func() {
		start := time.Now()
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		saveErr = p.Create(sctx, assoc("Hội Khuyến học tỉnh"))
		took = time.Since(start)
	}
	defer func() { beforeMerge = func() {} }()
	_, err = bun.Preview(ctx)
	require.NoError(t, err)
	require.NoError(t, saveErr, "the save went through during the preview")
	assert.Less(t, took, 2*time.Second)
}

// Apply refuses when the data changed after the preview, and says to preview again;
// after a new preview it applies.
func TestApplyAfterChangeAsksForNewPreview(t *testing.T) {
	ctx := context.Background()
	p, _, path := districtSends(t)
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()
	_, err = bun.Preview(ctx)
	require.NoError(t, err)
	require.NoError(t, p.Create(ctx, assoc("Hội Khuyến học tỉnh")))
	before := records(t, p)
	_, err = bun.Apply(ctx)
	assert.True(t, data.HasCode(err, "ErrChangedSincePreview"), "ErrChangedSincePreview: %v", err)
	assert.Equal(t, before, records(t, p), "nothing imported")
	_, err = bun.Preview(ctx)
	require.NoError(t, err)
	res, err := bun.Apply(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
}

// The signature is checked before any record is unpacked (format 2): a bundle signed
// with another key — anyone holding the office's public card can make one — has none of
// its records read, however large they are.
func TestSignatureCheckedBeforeUnpacking(t *testing.T) {
	ctx := context.Background()
	p, a := provinceAndDistrict(t)
	_, wrongKey, _ := ed25519.GenerateKey(nil)
	var read []string
	afterEntry = func(name string) { read = append(read, name) }
	defer func() { afterEntry = func(string) {} }()
	path := craft(t, a, p, []rawEntry{{"records/000001.jsonl", bytes.Repeat(recordLine(t, assoc("Hội lặp lại")), 2000)}}, nil, wrongKey)
	_, err := Open(ctx, p, path, DefaultLimits)
	assert.True(t, data.HasCode(err, "ErrBadSignature"), "got %v", err)
	assert.Equal(t, []string{"manifest.json", "signature"}, read, "no record entry was unpacked")

	// A signed manifest declaring more than the limits is refused before unpacking too.
	read = nil
	path = craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, assoc("Hội một"))}}, nil, nil)
	_, err = Open(ctx, p, path, Limits{Entries: 0, EntrySize: 1 << 20, Unpacked: 1 << 20, RecordSize: 1 << 20})
	assert.True(t, data.HasCode(err, "ErrTooLarge"), "got %v", err)
	assert.Equal(t, []string{"manifest.json", "signature"}, read)
}

// Bundles of format 1 (manifest last), written by older builds, are still read.
func TestFormatOneStillRead(t *testing.T) {
	p, a := provinceAndDistrict(t)
	x := assoc("Hội từ bản cũ")
	path := craftFormat(t, 1, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, forge(x, "QT-A", "QT-A"))}}, nil, nil, nil)
	res := receive(t, p, path)
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
}

// A bundle that would not fit on the data disk is refused before unpacking, saying how
// much room it needs (ErrNoSpace).
func TestBundleRefusedWhenDiskTooSmall(t *testing.T) {
	ctx := context.Background()
	p, _, path := districtSends(t)
	freeSpace = func(string) (uint64, bool) { return 10 << 20, true }
	defer func() { freeSpace = diskFree }()
	var read []string
	afterEntry = func(name string) { read = append(read, name) }
	defer func() { afterEntry = func(string) {} }()
	_, err := Open(ctx, p, path, DefaultLimits)
	assert.True(t, data.HasCode(err, "ErrNoSpace"), "ErrNoSpace: %v", err)
	assert.Contains(t, data.Message(err), "MB")
	assert.Equal(t, []string{"manifest.json", "signature"}, read)
}

// A trusted office whose key was edited to a wrong length (by hand, in the database)
// makes its bundles refused as badly signed — the signature check panicked once.
func TestBadTrustedKeyLengthRefusedNotPanicked(t *testing.T) {
	ctx := context.Background()
	p, _, path := districtSends(t)
	db, err := sql.Open("sqlite", store.SQLiteURI(p.Path()))
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE trusted_offices SET sign_public = x'0102' WHERE code = 'QT-A'`)
	require.NoError(t, err)
	db.Close()
	_, err = Open(ctx, p, path, DefaultLimits)
	assert.True(t, data.HasCode(err, "ErrBadSignature"), "got %v", err)
}

// Format 1 (signature last) is read, but a format-1 bundle signed with another key has
// its signature checked in a first pass that unpacks nothing: no record reaches the disk.
func TestFormatOneSignatureCheckedBeforeUnpacking(t *testing.T) {
	ctx := context.Background()
	p, a := provinceAndDistrict(t)
	_, wrongKey, _ := ed25519.GenerateKey(nil)
	var read []string
	afterEntry = func(name string) { read = append(read, name) }
	defer func() { afterEntry = func(string) {} }()
	path := craftFormat(t, 1, a, p, []rawEntry{{"records/000001.jsonl", bytes.Repeat(recordLine(t, assoc("Hội lặp lại")), 2000)}}, nil, wrongKey, nil)
	_, err := Open(ctx, p, path, DefaultLimits)
	assert.True(t, data.HasCode(err, "ErrBadSignature"), "got %v", err)
	assert.Empty(t, read, "the verifying pass never ran: nothing was unpacked")
}
