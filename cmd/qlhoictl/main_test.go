package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type result struct {
	code           int
	stdout, stderr string
}

// qlhoictl runs the command in-process against db.
func qlhoictl(t *testing.T, db string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// MustRun runs the command and fails the test unless it succeeds.
func MustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := qlhoictl(t, db, args...)
	require.Equal(t, 0, r.code, "qlhoictl %v\nstdout: %s\nstderr: %s", args, r.stdout, r.stderr)
	return r.stdout
}

type assocJSON struct {
	ID, Name, Phone string
	Version         int
	TermEnd         *string `json:"term_end"`
}

func listJSON(t *testing.T, db string, args ...string) []assocJSON {
	t.Helper()
	var list []assocJSON
	require.NoError(t, json.Unmarshal([]byte(MustRun(t, db, append(args, "--json")...)), &list))
	return list
}

func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")

	out := MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	assert.Contains(t, out, "Đã tạo cơ sở dữ liệu cho đơn vị QT")
	r := qlhoictl(t, db, "init", "--code", "QB", "--name", "Khác", "--level", "tinh")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "đã được thiết lập")

	assert.Contains(t, MustRun(t, db, "demo"), "Đã nạp dữ liệu mẫu cho đơn vị QT")

	all := listJSON(t, db, "hoi", "list")
	assert.GreaterOrEqual(t, len(all), 25)
	found := listJSON(t, db, "hoi", "list", "--q", "hoi nguoi cao tuoi")
	require.NotEmpty(t, found)
	for _, a := range found {
		assert.Contains(t, a.Name, "Hội Người cao tuổi")
	}
	text := MustRun(t, db, "hoi", "list", "--q", "đông y")
	assert.Contains(t, text, "Hội Đông y tỉnh Quảng Trị")
	assert.Contains(t, text, "Tổng số: 1 hội")

	id := found[0].ID
	show := MustRun(t, db, "hoi", "show", id)
	assert.Contains(t, show, "Tên hội:")
	assert.Contains(t, show, "Lãnh đạo:")
	assert.Regexp(t, `Năm 20\d\d: [0-9.]+ hội viên, [0-9.]+ đảng viên\n    Thu [0-9.]+ đồng: hội phí [1-9][0-9.]*; từ hoạt động [0-9.]+; tài trợ, ủng hộ [0-9.]+; Nhà nước hỗ trợ [0-9.]+; thu khác [0-9.]+\. Chi [1-9][0-9.]* đồng\.`, show,
		"each year's income by source and spending")
	one := listJSON(t, db, "hoi", "show", id)
	require.Len(t, one, 1)

	assert.Contains(t, MustRun(t, db, "hoi", "set", id, "phone=0233 3852 999", "term_end=15/06/2027", "term_start=15/06/2022"), "phiên bản")
	after := listJSON(t, db, "hoi", "show", id)[0]
	assert.Equal(t, "0233 3852 999", after.Phone)
	assert.Equal(t, "2027-06-15", *after.TermEnd)

	// A rule broken on the command line: Vietnamese message, non-zero exit, nothing saved.
	r = qlhoictl(t, db, "hoi", "set", id, "term_end=15/06/2035")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Nhiệm kỳ đại hội không được quá 5 năm")
	assert.Equal(t, after.Version, listJSON(t, db, "hoi", "show", id)[0].Version)
	r = qlhoictl(t, db, "hoi", "set", id, "colour=red")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "không có trường “colour”")
	r = qlhoictl(t, db, "hoi", "set", id, "term_end=31/02/2027")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không có thật")

	// Add from JSON, with the near-duplicate warning and --force.
	newFile := filepath.Join(dir, "new.json")
	require.NoError(t, os.WriteFile(newFile, []byte(`{"name":"Hội Sinh vật cảnh tỉnh Quảng Trị","scope":"tinh","area":"QT","field":"Sinh vật cảnh","term_start":"01/03/2024","term_end":"01/03/2029"}`), 0o644))
	added := MustRun(t, db, "hoi", "add", "--json", newFile)
	assert.Contains(t, added, "Hội Sinh vật cảnh tỉnh Quảng Trị")
	twin := filepath.Join(dir, "twin.json")
	require.NoError(t, os.WriteFile(twin, []byte(`[{"name":"hoi sinh vat canh tinh quang tri","scope":"tinh","area":"QT"}]`), 0o644))
	r = qlhoictl(t, db, "hoi", "add", "--json", twin)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "gần trùng")
	log, err := os.ReadFile(filepath.Join(dir, "qlhoi.log"))
	require.NoError(t, err)
	assert.Contains(t, string(log), "ErrNameNearDuplicate", "the refusal is logged by its code")
	assert.NotContains(t, string(log), "Sinh vật cảnh", "but not the names it quotes")
	MustRun(t, db, "hoi", "add", "--json", twin, "--force")
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"name": "Hội", "members": "nhiều"`), 0o644))
	r = qlhoictl(t, db, "hoi", "add", "--json", bad)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không đúng dạng")

	newID := strings.Fields(added)[0]
	assert.Contains(t, MustRun(t, db, "hoi", "delete", newID), "Đã xóa")
	for _, a := range listJSON(t, db, "hoi", "list") {
		assert.NotEqual(t, newID, a.ID, "a deleted association is not listed")
	}

	// Tasks.
	var overdue []struct {
		Status      string `json:"status"`
		OverdueDays int    `json:"overdue_days"`
	}
	require.NoError(t, json.Unmarshal([]byte(MustRun(t, db, "task", "list", "--overdue", "--json")), &overdue))
	require.NotEmpty(t, overdue)
	for _, o := range overdue {
		assert.Equal(t, "qua_han_chua_hoan_thanh", o.Status)
		assert.Positive(t, o.OverdueDays)
	}
	soon := MustRun(t, db, "task", "list", "--due-soon")
	assert.Contains(t, soon, "Sắp đến hạn", "said as the window says it")
	assert.NotContains(t, soon, "Chưa đến hạn")
	assert.NotContains(t, soon, "Quá hạn")
	assert.Equal(t, "[]\n", MustRun(t, db, "task", "list", "--overdue", "--json", "--on", "01/01/2000"))

	// Check and backup; the backup opens and passes check.
	assert.Contains(t, MustRun(t, db, "check"), "integrity_check): ok")
	backup := filepath.Join(dir, "sao-luu", "qlhoi-backup.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(backup), 0o755))
	assert.Contains(t, MustRun(t, db, "backup", "--out", backup), "Đã sao lưu")
	assert.Contains(t, MustRun(t, backup, "check"), "Cơ sở dữ liệu tốt.")
	assert.Equal(t, len(listJSON(t, db, "hoi", "list")), len(listJSON(t, backup, "hoi", "list")))
}

func TestErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	r := qlhoictl(t, db, "hoi", "list")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "chưa có cơ sở dữ liệu")
	_, err := os.Stat(db)
	assert.True(t, os.IsNotExist(err), "listing does not create a database")

	r = qlhoictl(t, db, "bay")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "không có lệnh “bay”")
	r = qlhoictl(t, db, "init", "--code", "QT")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "init cần --code, --name và --level")
	r = qlhoictl(t, db, "init", "--code", "qt x", "--name", "X", "--level", "tinh")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Mã đơn vị chỉ gồm")
	r = qlhoictl(t, db, "gen", "--associations", "nhiều")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "giá trị không hợp lệ")
	r = qlhoictl(t, db, "task", "list", "--overdue", "--due-soon")
	assert.Equal(t, 2, r.code)

	junk := filepath.Join(t.TempDir(), "junk.db")
	require.NoError(t, os.WriteFile(junk, bytes.Repeat([]byte("rác "), 100), 0o644))
	r = qlhoictl(t, junk, "check")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Không mở được cơ sở dữ liệu")
	assert.NotContains(t, r.stderr, "sqlite")
}

func TestHelp(t *testing.T) {
	out := MustRun(t, filepath.Join(t.TempDir(), "x.db"), "help")
	for _, cmd := range []string{"init", "demo", "gen", "hoi list", "hoi show", "hoi add", "hoi set", "hoi delete", "task list", "check", "backup"} {
		assert.Contains(t, out, cmd)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// A failing command leaves its error, with the cause the user's sentence hides, in the
// log of the data folder (the Windows exe has no console to read).
func TestErrorsAreLogged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Dữ liệu #1")
	junk := filepath.Join(dir, "qlhoi.db")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	require.NoError(t, os.WriteFile(junk, bytes.Repeat([]byte("rác "), 100), 0o600))
	r := qlhoictl(t, junk, "check")
	assert.Equal(t, 1, r.code)
	assert.NotContains(t, r.stderr, "not a database", "the user reads a sentence")
	b, err := os.ReadFile(filepath.Join(dir, "qlhoi.log"))
	require.NoError(t, err, "the log is in the data folder")
	log := string(b)
	assert.Contains(t, log, `msg="qlhoictl check"`)
	assert.Contains(t, log, "ErrCannotOpen")
	assert.Contains(t, log, "not a database", "the cause is kept for us")
}

// After a restore, the offices the backup trusted and this database did not are listed
// with their fingerprints; each is trusted again only when confirmed.
func TestRestoreListsOfficesToConfirm(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	other := filepath.Join(dir, "b.db")
	MustRun(t, other, "init", "--code", "QT-GL", "--name", "Đảng ủy xã Gio Linh", "--level", "xa", "--parent", "QT")
	card := filepath.Join(dir, "gl.json")
	MustRun(t, other, "card", "export", "--out", card)
	MustRun(t, db, "card", "import", card, "--yes")
	backup := filepath.Join(dir, "USB #1", "sao lưu.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(backup), 0o700))
	MustRun(t, db, "backup", "--out", backup)

	// The same office on a new machine, set up again: it trusts nobody yet.
	fresh := filepath.Join(dir, "moi.db")
	MustRun(t, fresh, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	out := MustRun(t, fresh, "restore", backup)
	fp := regexp.MustCompile(`[0-9A-Z]{4}(-[0-9A-Z]{4}){4}`).FindString(MustRun(t, other, "keys", "show"))
	require.NotEmpty(t, fp)
	assert.Contains(t, out, "QT-GL – Đảng ủy xã Gio Linh – dấu nhận dạng "+fp)
	assert.Contains(t, out, "qlhoictl keys confirm MÃ")
	assert.Contains(t, MustRun(t, fresh, "keys", "confirm", "QT-GL"), "Đã tin cậy lại đơn vị QT-GL")
	r := qlhoictl(t, fresh, "keys", "confirm", "QT-GL")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không có trong danh sách chờ")
}
