package store_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Every text field has a maximum: a name, number or address at most MaxShortText
// characters, free text (a task's result, a note) at most MaxLongText; the refusal names
// the field and is given under it in a form (ErrTextTooLong).
func TestTextMaximums(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	a := validAssociation("Hội Nạn nhân chất độc da cam tỉnh")
	a.Address = strings.Repeat("Số 1 đường Hùng Vương, ", 5_000) // 115 KB
	err := s.Create(ctx, a)
	require.True(t, data.HasCode(err, "ErrTextTooLong"), "ErrTextTooLong: %v", err)
	assert.Contains(t, data.FieldErrors(err), "address")
	assert.Contains(t, data.Message(err), "500 ký tự")

	a.Address = strings.Repeat("ư", data.MaxShortText) // counted in characters, not bytes
	require.NoError(t, s.Create(ctx, a, store.AllowNearDuplicate))

	ag := &data.Agency{Name: "Sở Nội vụ"}
	MustCreate(t, s, ag)
	tk := taskSetup(t, s, ag.ID)
	tk.Result = strings.Repeat("Đã hoàn thành. ", 2_000) // 30,000 characters
	err = s.Update(ctx, tk)
	require.True(t, data.HasCode(err, "ErrTextTooLong"))
	assert.Contains(t, data.Message(err), "Kết quả")
	tk.Result = strings.Repeat("Đã hoàn thành. ", 1_000) // 15,000: free text may be long
	require.NoError(t, s.Update(ctx, tk))

	d := &data.Association{}
	*d = *validAssociation("Hội Luật gia tỉnh")
	d.Founding.Issuer = strings.Repeat("UBND tỉnh ", 100) // a nested field
	assert.Contains(t, data.FieldErrors(data.Check(d)), "founding")
}
