package store_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

func districtCard(t *testing.T, name string) *store.Card {
	t.Helper()
	s := MustOpenEmpty(t, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, s.SetUp(context.Background(), &data.Office{Code: "QT-A", Name: name, Level: data.LevelDistrict, Parent: "QT"}))
	c, err := s.OwnCard(context.Background())
	require.NoError(t, err)
	return c
}

// A card with new keys for an office already trusted is refused; it replaces the
// trusted key only when the clerk gives the old fingerprint, and the old key is kept.
func TestNewKeyForKnownCodeRefused(t *testing.T) {
	ctx := context.Background()
	p := MustOpen(t)
	genuine, impostor := districtCard(t, "Huyện ủy A"), districtCard(t, "Huyện ủy A")
	require.NoError(t, p.Trust(ctx, genuine))
	require.NoError(t, p.Trust(ctx, genuine), "the same card again is fine")

	err := p.Trust(ctx, impostor)
	require.True(t, data.HasCode(err, "ErrCardKeyChanged"), "got %v", err)
	assert.Contains(t, data.Message(err), genuine.Fingerprint)
	assert.Contains(t, data.Message(err), impostor.Fingerprint)
	got, err := p.TrustedOffice(ctx, "QT-A")
	require.NoError(t, err)
	assert.Equal(t, genuine.Fingerprint, got.Fingerprint, "the trusted key stays")

	err = p.ReplaceTrust(ctx, impostor, impostor.Fingerprint)
	assert.True(t, data.HasCode(err, "ErrReplaceFingerprint"), "got %v", err)
	require.NoError(t, p.ReplaceTrust(ctx, impostor, genuine.Fingerprint))
	got, err = p.TrustedOffice(ctx, "QT-A")
	require.NoError(t, err)
	assert.Equal(t, impostor.Fingerprint, got.Fingerprint)
	hist, err := p.KeyHistory(ctx, "QT-A")
	require.NoError(t, err)
	require.Len(t, hist, 1)
	assert.Equal(t, genuine.Fingerprint, hist[0].Fingerprint)
	assert.Equal(t, []byte(genuine.SignPublic), hist[0].SignPublic)
}

// The fingerprint covers what the card writes into the office record: code, name,
// level, parent and place; a first-format card is refused.
func TestFingerprintCoversOfficePlace(t *testing.T) {
	c := districtCard(t, "Huyện ủy A")
	b, err := json.Marshal(c)
	require.NoError(t, err)
	_, err = store.ReadCard(b)
	require.NoError(t, err)
	for name, tamper := range map[string]func(*store.Card){
		"name":   func(c *store.Card) { c.Name = "Tỉnh ủy" },
		"level":  func(c *store.Card) { c.Level = data.LevelProvince },
		"parent": func(c *store.Card) { c.Parent = "" },
		"place":  func(c *store.Card) { c.Place = "Nơi khác" },
		"code":   func(c *store.Card) { c.Code = "QT" },
	} {
		forged := *c
		tamper(&forged)
		b, err := json.Marshal(&forged)
		require.NoError(t, err)
		_, err = store.ReadCard(b)
		assert.True(t, data.HasCode(err, "ErrCardFingerprint"), "%s: got %v", name, err)
	}
	old := *c
	old.Format = 1
	b, err = json.Marshal(&old)
	require.NoError(t, err)
	_, err = store.ReadCard(b)
	assert.True(t, data.HasCode(err, "ErrCardOld"), "got %v", err)
}
