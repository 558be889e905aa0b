package exchange

import (
	"context"
	"crypto/ed25519"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// The window verifies and previews a bundle, then the file on the USB stick is swapped
// for a forged one (made with only the public card): Apply merges what was verified.
func TestSwappedFileNotApplied(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	x := assoc("Hội đã kiểm tra")
	require.NoError(t, a.Create(ctx, x))
	path := send(t, a, "QT")
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()
	prev, err := bun.Preview(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, prev.Counts[data.KindAssociation][store.Added])

	forged := assoc("Hội cài vào")
	require.NoError(t, a.Create(ctx, forged))
	_, stranger, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	swap := craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, forged)}}, func(m *Manifest) { m.BundleID = bun.Manifest.BundleID }, stranger)
	require.NoError(t, os.WriteFile(path, readFile(t, swap), 0o644))

	res, err := bun.Apply(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
	_, err = store.Get[data.Association](ctx, p, x.ID)
	assert.NoError(t, err, "the verified record is applied")
	_, err = store.Get[data.Association](ctx, p, forged.ID)
	assert.True(t, data.HasCode(err, "ErrNotFound"), "the swapped-in record is not")
	require.NoError(t, bun.Close())
	_, err = bun.Preview(ctx)
	assert.True(t, data.HasCode(err, "ErrBundleClosed"))
}

// A new bundle reusing an imported bundle's sequence number is refused; the earlier
// receipt (and its undo data) stays.
func TestReusedSequenceRefused(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	require.NoError(t, a.Create(ctx, assoc("Hội một")))
	first := receive(t, p, send(t, a, "QT"))
	before := content(t, p)
	again := craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, forge(assoc("Hội thay thế"), "QT-A", "QT-A"))}}, func(m *Manifest) { m.Seq = 1 }, nil)
	_, err := Open(ctx, p, again, DefaultLimits)
	assert.True(t, data.HasCode(err, "ErrSeqReused"), "got %v", err)
	assert.Equal(t, before, content(t, p))
	r, err := p.ReceiptAt(ctx, "QT-A", 1)
	require.NoError(t, err)
	assert.Equal(t, first.Receipt.BundleID, r.BundleID)
}

// A sequence number far ahead is reported as a gap without a step per missing number.
func TestHugeGapReportedCheaply(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	x := assoc("Hội xa")
	require.NoError(t, a.Create(ctx, x))
	receive(t, p, send(t, a, "QT"))
	path := craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, func(m *Manifest) { m.Seq = MaxSeq }, nil)
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()
	assert.Equal(t, int64(MaxSeq-2), bun.MissingCount)
	assert.Len(t, bun.Missing, maxMissingListed)
	assert.Equal(t, int64(2), bun.Missing[0])
}

// The manifest's acknowledgement counts only for bundles this office sent.
func TestFalseAcknowledgementIgnored(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	require.NoError(t, p.Create(ctx, &data.Directive{Number: "1-CV/TU", Date: data.MustDate("01/11/2026"), Issuer: "BTV", Summary: "x"}))
	receive(t, a, send(t, p, "QT-A"))
	receive(t, p, send(t, a, "QT"))
	n, err := p.PeerAck(ctx, "QT-A")
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "a true acknowledgement counts")
	path := craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, forge(assoc("Hội báo nhận"), "QT-A", "QT-A"))}}, func(m *Manifest) { m.Received = map[string]int64{"QT": 50} }, nil)
	receive(t, p, path)
	n, err = p.PeerAck(ctx, "QT-A")
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "bundle 50 was never sent")
}

// prev_hash chains the stream: a bundle naming another previous bundle is reported.
func TestBrokenChainReported(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	require.NoError(t, a.Create(ctx, assoc("Hội một")))
	receive(t, p, send(t, a, "QT"))
	require.NoError(t, a.Create(ctx, assoc("Hội hai")))
	good := send(t, a, "QT")
	bun, err := Open(ctx, p, good, DefaultLimits)
	require.NoError(t, err)
	assert.False(t, bun.ChainBroken, "a genuine second bundle follows the first")
	bun.Close()
	forged := craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, forge(assoc("Hội ba"), "QT-A", "QT-A"))}}, func(m *Manifest) { m.PrevHash = "00" }, nil)
	bun, err = Open(ctx, p, forged, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()
	assert.True(t, bun.ChainBroken)
}
