package exchange

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

// refusedIn lists the reasons of a result's refused records.
func refusedIn(res *Result) []string {
	var out []string
	for _, o := range res.Outcomes {
		if o.Class == store.Refused {
			out = append(out, o.Reason)
		}
	}
	return out
}

// A province and its commune that exchanged cards send each other bundles that
// nobody refuses: the province never sends the version of the commune's record made
// from the commune's card (it was refused on every bundle as "ghi thay tên"), and a
// commune given it anyway (by an older version) takes it as what it is.
func TestNoRefusalFromCards(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	c := office(t, "QT-GL", "QT", data.LevelCommune)
	link(t, p, c)
	require.NoError(t, p.Create(ctx, assoc("Hội Cựu chiến binh tỉnh")))
	res := receive(t, c, send(t, p, "QT-GL"))
	assert.Empty(t, refusedIn(res), "province → commune")
	res = receive(t, p, send(t, c, "QT"))
	assert.Empty(t, refusedIn(res), "commune → province")

	// The card version itself, as an older sender would put it in.
	high, err := p.HighWater(ctx)
	require.NoError(t, err)
	var card []Line
	require.NoError(t, p.EachChanged(ctx, 0, high, func(kind data.Kind, owner string, versions []json.RawMessage) error {
		if kind == data.KindOffice && owner == "QT-GL" {
			card = append(card, Line{Kind: kind, Versions: versions})
		}
		return nil
	}))
	require.NotEmpty(t, card)
	require.Contains(t, string(card[0].Versions[0]), store.CardHLC("QT-GL"), "the province holds the card's version")
	old, err := write(ctx, p, "QT-GL", t.TempDir(), false, func(emit func(Line) error) error {
		for _, l := range card {
			if err := emit(l); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	res = receive(t, c, old.Path)
	assert.Empty(t, refusedIn(res), "the commune's own card is not news")
}

// What the province writes about a commune's association (an inspection) travels
// down to the commune; its inspection of its own association does not.
func TestInspectionTravelsDown(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	c := office(t, "QT-GL", "QT", data.LevelCommune)
	link(t, p, c)
	mine := assoc("Hội Nông dân xã Gio Linh")
	require.NoError(t, c.Create(ctx, mine))
	receive(t, p, send(t, c, "QT"))
	own := assoc("Hội Luật gia tỉnh")
	require.NoError(t, p.Create(ctx, own))
	down := &data.Inspection{Association: mine.ID, Date: data.MustDate("05/12/2026"), Body: "Ban Dân vận Tỉnh ủy", Content: "Kiểm tra việc chấp hành điều lệ"}
	kept := &data.Inspection{Association: own.ID, Date: data.MustDate("05/12/2026"), Body: "Ban Dân vận Tỉnh ủy", Content: "Kiểm tra hội cấp tỉnh"}
	require.NoError(t, p.Create(ctx, down))
	require.NoError(t, p.Create(ctx, kept))

	res := receive(t, c, send(t, p, "QT-GL"))
	assert.Empty(t, refusedIn(res))
	got, err := store.Get[data.Inspection](ctx, c, down.ID)
	require.NoError(t, err, "the province's inspection of the commune's association reached the commune")
	assert.Equal(t, "QT", got.Office, "it stays the province's record")
	_, err = store.Get[data.Inspection](ctx, c, kept.ID)
	assert.True(t, data.HasCode(err, "ErrNotFound"), "the province's inspection of its own association stays there")
}

// A plain backup opened as the office's database (as the Windows test's double-click
// did) says why it cannot open a bundle: it has no secret keys (ErrNoPrivateKeys), not
// "Có lỗi khi làm việc với cơ sở dữ liệu".
func TestPlainBackupHasNoKeys(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	c := office(t, "QT-GL", "QT", data.LevelCommune)
	link(t, p, c)
	path := send(t, c, "QT")
	copyPath := filepath.Join(t.TempDir(), "ban-sao.db")
	require.NoError(t, p.Backup(ctx, copyPath))
	cp, err := store.Open(ctx, copyPath)
	require.NoError(t, err)
	defer cp.Close()
	_, err = Open(ctx, cp, path, DefaultLimits)
	assert.Equal(t, []string{"ErrNoPrivateKeys"}, data.Codes(err))
	_, err = Export(ctx, cp, "QT-GL", t.TempDir(), false)
	assert.Equal(t, []string{"ErrNoPrivateKeys"}, data.Codes(err))
	_, err = cp.OwnCard(ctx)
	assert.NoError(t, err, "its public card is still there")
}
