package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// A signature is recorded on the register entry whose file it signs, as the file
// stands (issued, then as last signed); a cancelled number is not signed, and a
// signature recorded from a version that is no longer the current one is refused.
func TestRecordSignature(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	issue := func(sum string) *data.IssuedDocument {
		d, err := s.Issue(ctx, store.StateSeries("QT", 2026), func(n int) (*data.IssuedDocument, error) {
			return &data.IssuedDocument{Symbol: "x", Date: data.MustDate("27/11/2026"), Subject: "Báo cáo", SHA256: sum}, nil
		})
		require.NoError(t, err)
		return d
	}
	doc := issue("aa11")
	got, err := s.IssuedToSign(ctx, "AA11")
	require.NoError(t, err)
	assert.Equal(t, doc.ID, got.ID)
	sig := data.DigitalSignature{Role: "person", Signer: "Nguyễn Văn Hùng", At: "2026-12-07T09:30:00+07:00", SHA256: "bb22"}
	require.NoError(t, s.RecordSignature(ctx, doc.ID, "aa11", sig))
	_, err = s.IssuedToSign(ctx, "aa11")
	assert.Equal(t, []string{"ErrSignNotIssued"}, data.Codes(err), "the issued version is no longer the current one")
	got, err = s.IssuedToSign(ctx, "bb22")
	require.NoError(t, err)
	assert.Equal(t, []data.DigitalSignature{sig}, got.Signatures)
	assert.Equal(t, []string{"ErrSignNotIssued"}, data.Codes(s.RecordSignature(ctx, doc.ID, "aa11", sig)))

	cancelled := issue("cc33")
	_, err = s.CancelIssued(ctx, cancelled.ID, "Cấp nhầm")
	require.NoError(t, err)
	_, err = s.IssuedToSign(ctx, "cc33")
	assert.Equal(t, []string{"ErrSignCancelled"}, data.Codes(err))
}
