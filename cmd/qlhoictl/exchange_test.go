package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExchangeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	p, a := filepath.Join(dir, "p.db"), filepath.Join(dir, "a.db")
	MustRun(t, p, "demo")
	MustRun(t, a, "init", "--code", "QT-DH", "--name", "Thành ủy Đông Hà", "--level", "huyen", "--parent", "QT")
	assert.Regexp(t, `Dấu nhận dạng: [0-9A-Z]{4}(-[0-9A-Z]{4}){4}`, MustRun(t, p, "keys", "show"))
	pCard, aCard := filepath.Join(dir, "p.card"), filepath.Join(dir, "a.card")
	MustRun(t, p, "card", "export", "--out", pCard)
	MustRun(t, a, "card", "export", "--out", aCard)

	// Without --yes the fingerprint must be confirmed.
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"--db", a, "card", "import", pCard}, strings.NewReader("khong\n"), &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, out.String(), "Dấu nhận dạng:")
	assert.Contains(t, errOut.String(), "chưa tin cậy")
	code = run(t.Context(), []string{"--db", a, "card", "import", pCard}, strings.NewReader("co\n"), &out, &errOut)
	assert.Equal(t, 0, code)
	MustRun(t, p, "card", "import", aCard, "--yes")

	// An import from an office not yet trusted is refused.
	usb := filepath.Join(dir, "usb")
	path := strings.TrimSpace(MustRun(t, p, "export", "--to", "QT-DH", "--out", usb, "--slip", filepath.Join(dir, "phieu.pdf")))
	assert.FileExists(t, path)
	assert.FileExists(t, filepath.Join(dir, "phieu.pdf"))

	dry := MustRun(t, a, "import", path, "--dry-run")
	assert.Contains(t, dry, "chữ ký và dấu kiểm tra hợp lệ")
	assert.Contains(t, dry, "Văn bản chỉ đạo: thêm 2")
	assert.NotContains(t, dry, "từ chối", "nothing the clerk cannot act on: no office record made by the demo or from a card is refused")
	assert.Equal(t, "[]\n", MustRun(t, a, "task", "list", "--json"), "a dry run changes nothing")
	var tasks []map[string]any
	MustRun(t, a, "import", path)
	require.NoError(t, jsonUnmarshal(MustRun(t, a, "task", "list", "--json"), &tasks))
	assert.Len(t, tasks, 19)
	assert.Contains(t, MustRun(t, a, "import", path), "đã được nhập trước đây")
	assert.Equal(t, "[]\n", MustRun(t, a, "conflicts", "list", "--json"))

	// A damaged bundle: non-zero exit, a Vietnamese sentence, nothing changed.
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 1
	bad := filepath.Join(dir, "hong.qlb")
	require.NoError(t, os.WriteFile(bad, b, 0o644))
	r := qlhoictl(t, a, "import", bad)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Gói dữ liệu bị hỏng")
	// The wrong office.
	r = qlhoictl(t, p, "import", path)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Gói dữ liệu không phải gửi cho đơn vị này")

	assert.Contains(t, MustRun(t, a, "undo-import"), "Đã hoàn tác")
	r = qlhoictl(t, a, "undo-import")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Không có lần nhập")
}

// A card with a new key for a trusted office is refused; --replace with the old
// fingerprint replaces it.
func TestCardKeyReplacement(t *testing.T) {
	dir := t.TempDir()
	p, a, a2 := filepath.Join(dir, "p.db"), filepath.Join(dir, "a.db"), filepath.Join(dir, "a2.db")
	MustRun(t, p, "init", "--code", "QT", "--name", "Tỉnh ủy", "--level", "tinh")
	for _, db := range []string{a, a2} {
		MustRun(t, db, "init", "--code", "QT-DH", "--name", "Thành ủy Đông Hà", "--level", "huyen", "--parent", "QT")
	}
	aCard, a2Card := filepath.Join(dir, "a.card"), filepath.Join(dir, "a2.card")
	oldFP := fingerprintOf(t, MustRun(t, a, "card", "export", "--out", aCard))
	MustRun(t, a2, "card", "export", "--out", a2Card)
	MustRun(t, p, "card", "import", aCard, "--yes")
	r := qlhoictl(t, p, "card", "import", a2Card, "--yes")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "đã được tin cậy với dấu nhận dạng "+oldFP)
	r = qlhoictl(t, p, "card", "import", a2Card, "--yes", "--replace", "AAAA-BBBB-CCCC-DDDD-EEEE")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không khớp")
	assert.Contains(t, MustRun(t, p, "card", "import", a2Card, "--yes", "--replace", oldFP), "khóa cũ ("+oldFP+")")
}

func fingerprintOf(t *testing.T, out string) string {
	t.Helper()
	_, fp, ok := strings.Cut(out, "Dấu nhận dạng: ")
	require.True(t, ok, out)
	return strings.TrimSpace(fp)
}
