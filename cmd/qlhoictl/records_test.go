package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type idName struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Retired     bool     `json:"retired"`
	MergedInto  string   `json:"merged_into"`
	Lead        string   `json:"lead"`
	Cooperating []string `json:"cooperating"`
	Percent     int      `json:"percent"`
	Summary     string   `json:"summary"`
	Deadline    string   `json:"deadline"`
	Version     int      `json:"version"`
}

func decodeList(t *testing.T, out string) []idName {
	t.Helper()
	var list []idName
	require.NoError(t, json.Unmarshal([]byte(out), &list), out)
	return list
}

func firstField(out string) string { return strings.Fields(out)[0] }

// TestFreshOfficeWorkingDay is a clerk's day on a fresh (non-demo) database from the
// command line: agencies, a directive, tasks, progress, corrections, deletion and
// restoration.
func TestFreshOfficeWorkingDay(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	out := MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	assert.Contains(t, out, "cơ quan thường được giao nhiệm vụ")

	// The default agencies are there, in Vietnamese order, and editable.
	agencies := decodeList(t, MustRun(t, db, "agency", "list", "--json"))
	require.NotEmpty(t, agencies)
	assert.Contains(t, MustRun(t, db, "agency", "list"), "Sở Nội vụ")
	tg := firstField(MustRun(t, db, "agency", "add", "--name", "Ban Tuyên giáo Tỉnh ủy", "--kind", "dang"))
	dv := firstField(MustRun(t, db, "agency", "add", "--name", "Ban Dân vận Tỉnh ủy", "--kind", "Cơ quan Đảng"))
	merged := firstField(MustRun(t, db, "agency", "add", "--name", "Ban Tuyen giao va Dan van", "--kind", "dang"))
	MustRun(t, db, "agency", "set", merged, "name=Ban Tuyên giáo và Dân vận Tỉnh ủy")
	assert.Contains(t, MustRun(t, db, "agency", "show", merged), "Ban Tuyên giáo và Dân vận Tỉnh ủy")
	// A lower committee with its own qlhoi reports for itself: its office code.
	gl := firstField(MustRun(t, db, "agency", "add", "--name", "Huyện ủy Gio Linh", "--kind", "cap_duoi"))
	MustRun(t, db, "agency", "set", gl, "office_code=QT-GL")
	assert.Regexp(t, `Đơn vị báo cáo:\s+QT-GL`, MustRun(t, db, "agency", "show", gl))
	bad := qlhoictl(t, db, "agency", "set", gl, "office_code=Gio Linh")
	assert.Equal(t, 1, bad.code)
	assert.Contains(t, bad.stderr, "Mã đơn vị báo cáo")
	r := qlhoictl(t, db, "agency", "add", "--name", "Sở Y tế", "--kind", "khac")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "loại cơ quan “khac” không có")

	// A directive from JSON with an ISO date, then tasks.
	dirFile := filepath.Join(dir, "directive.json")
	require.NoError(t, os.WriteFile(dirFile, []byte(`{"number":"45-CV/TU","date":"2026-10-01","issuer":"Tỉnh ủy Quảng Trị","summary":"Về việc thực hiện Quy định 118-QĐ/TW"}`), 0o600))
	directive := firstField(MustRun(t, db, "directive", "add", "--json", dirFile))
	assert.Contains(t, MustRun(t, db, "directive", "list"), "45-CV/TU")
	MustRun(t, db, "directive", "set", directive, "summary=Về việc tiếp tục thực hiện Quy định 118-QĐ/TW")
	shown := decodeList(t, MustRun(t, db, "directive", "show", directive, "--json"))
	require.Len(t, shown, 1)
	assert.Equal(t, "Về việc tiếp tục thực hiện Quy định 118-QĐ/TW", shown[0].Summary)

	taskFile := filepath.Join(dir, "task.json")
	require.NoError(t, os.WriteFile(taskFile, []byte(`[{"directive":"`+directive+`","content":"Rà soát tổ chức, hoạt động của các hội","lead":"`+tg+`","cooperating":["`+dv+`"],"deadline":"2026-12-31"}]`), 0o600))
	task := firstField(MustRun(t, db, "task", "add", "--json", taskFile))
	// What show --json prints, add --json reads back (identity and version ignored).
	again := MustRun(t, db, "task", "show", task, "--json")
	require.NoError(t, os.WriteFile(taskFile, []byte(again), 0o600))
	copyID := firstField(MustRun(t, db, "task", "add", "--json", taskFile))
	assert.NotEqual(t, task, copyID)
	MustRun(t, db, "task", "delete", copyID)

	// Progress, then the mistaken completion corrected.
	out = MustRun(t, db, "task", "progress", task, "--date", "20/11/2026", "--percent", "60", "--text", "Đã rà soát 12/20 hội")
	progress := firstField(out)
	assert.Contains(t, out, "60%")
	r = qlhoictl(t, db, "task", "progress", task, "--date", "31/02/2026", "--text", "x")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không có thật")
	MustRun(t, db, "progress", "set", progress, "percent=70")
	got := decodeList(t, MustRun(t, db, "task", "show", task, "--json"))
	assert.Equal(t, 70, got[0].Percent)

	// The two Bans merge: the open task follows.
	out = MustRun(t, db, "agency", "merge", tg, "--into", merged)
	assert.Contains(t, out, "1 nhiệm vụ chưa hoàn thành đã chuyển")
	MustRun(t, db, "agency", "merge", dv, "--into", merged)
	got = decodeList(t, MustRun(t, db, "task", "show", task, "--json"))
	assert.Equal(t, merged, got[0].Lead)
	assert.Empty(t, got[0].Cooperating)
	assert.NotContains(t, MustRun(t, db, "agency", "list"), "Ban Tuyên giáo Tỉnh ủy\t")
	assert.Contains(t, MustRun(t, db, "agency", "list", "--all"), "Thôi hoạt động")
	MustRun(t, db, "agency", "retire", merged)
	assert.NotContains(t, MustRun(t, db, "agency", "list"), merged)

	// A directive with tasks is not deleted; its task is, then both come back.
	r = qlhoictl(t, db, "directive", "delete", directive)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "còn 1 nhiệm vụ")
	MustRun(t, db, "task", "delete", task)
	MustRun(t, db, "directive", "delete", directive)
	assert.Contains(t, MustRun(t, db, "directive", "deleted"), "45-CV/TU")
	r = qlhoictl(t, db, "task", "restore", task)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "khôi phục văn bản")
	MustRun(t, db, "directive", "restore", directive)
	MustRun(t, db, "task", "restore", task)
	assert.Len(t, decodeList(t, MustRun(t, db, "task", "deleted", "--json")), 1, "only the copy stays deleted")
	r = qlhoictl(t, db, "task", "show", copyID)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "đã bị xóa")

	// Associations: delete, list deleted, restore.
	hoiFile := filepath.Join(dir, "hoi.json")
	require.NoError(t, os.WriteFile(hoiFile, []byte(`{"name":"Hội Khuyến học tỉnh","scope":"tinh","field":"Khuyến học","status":"hoat_dong"}`), 0o600))
	hoi := firstField(MustRun(t, db, "hoi", "add", "--json", hoiFile))
	assert.Contains(t, MustRun(t, db, "hoi", "delete", hoi), "hoi restore "+hoi)
	assert.Contains(t, MustRun(t, db, "hoi", "deleted"), "Hội Khuyến học tỉnh")
	MustRun(t, db, "hoi", "restore", hoi)
	assert.Contains(t, MustRun(t, db, "hoi", "list"), "Hội Khuyến học tỉnh")
	assert.Contains(t, MustRun(t, db, "hoi", "deleted"), "Tổng số: 0")
}

func TestRegisterCancel(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	MustRun(t, db, "demo")
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	r := qlhoictl(t, db, "report", "ket-qua-thuc-hien", "--profile", "state", "--out", pdf, "--issue")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "còn chữ mẫu")
	MustRun(t, db, "report", "het-nhiem-ky", "--profile", "state", "--out", pdf, "--issue")
	var docs []struct {
		ID        string `json:"id"`
		Symbol    string `json:"symbol"`
		Cancelled bool   `json:"cancelled"`
	}
	require.NoError(t, json.Unmarshal([]byte(MustRun(t, db, "register", "list", "--json")), &docs))
	require.Len(t, docs, 1)
	assert.Contains(t, MustRun(t, db, "register", "cancel", docs[0].ID, "--reason", "Cấp nhầm"), "không được cấp lại")
	assert.Contains(t, MustRun(t, db, "register", "list"), "ĐÃ HỦY Cấp nhầm")
	r = qlhoictl(t, db, "register", "cancel", docs[0].ID)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "đã được hủy")
	MustRun(t, db, "report", "het-nhiem-ky", "--profile", "state", "--out", pdf, "--issue")
	assert.Contains(t, MustRun(t, db, "register", "list"), "02/BC-", "the cancelled number is not reused")
}

// A report collects garbage less often while it runs and puts the collector back as it
// was, whether it succeeds or fails.
func TestReportRestoresGC(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	MustRun(t, db, "demo")
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	MustRun(t, db, "report", "danh-sach-hoi", "--profile", "state", "--out", pdf)
	assert.Equal(t, 123, debug.SetGCPercent(123))
	r := qlhoictl(t, db, "report", "danh-sach-hoi", "--profile", "khong-co", "--out", pdf)
	assert.NotEqual(t, 0, r.code)
	assert.Equal(t, 123, debug.SetGCPercent(123))
}
