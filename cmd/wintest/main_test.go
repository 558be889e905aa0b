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

const artefactLine = `    testing.go:1464: TempDir RemoveAll cleanup: unlinkat C:\\users\\root\\Temp\\TestA1\\001\\p.db: Invalid function.\n`

// stream builds a test2json stream from (test, action, output) triples.
func stream(evs ...[3]string) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(`{"Action":"` + e[1] + `","Package":"p","Test":"` + e[0] + `","Output":"` + e[2] + `"}` + "\n")
	}
	return b.String()
}

func mustParse(t *testing.T, s string) *run {
	t.Helper()
	r, err := parse("x", strings.NewReader(s))
	require.NoError(t, err)
	return r
}

func TestJudge(t *testing.T) {
	pass := [3]string{"TestOK", "pass", ""}
	pkgFail := [][3]string{{"", "output", `FAIL\n`}, {"", "fail", ""}}
	cases := []struct {
		name                   string
		wine                   [][3]string
		rc                     int
		native                 string
		passed, artefacts, bad int
		tools                  int
		problem                string
	}{
		{name: "all pass", wine: [][3]string{pass, {"", "pass", ""}}, passed: 1},
		{name: "only the artefact", wine: append([][3]string{pass,
			{"TestA", "output", `=== RUN   TestA\n`}, {"TestA", "output", artefactLine},
			{"TestA", "output", `--- FAIL: TestA (0.01s)\n`}, {"TestA", "fail", ""}}, pkgFail...), rc: 1, passed: 1, artefacts: 1},
		{name: "another error", wine: append([][3]string{
			{"TestA", "output", `    a_test.go:12: want 3, got 4\n`}, {"TestA", "output", artefactLine}, {"TestA", "fail", ""}}, pkgFail...),
			rc: 1, bad: 1, problem: "want 3, got 4"},
		{name: "a log line the native run printed while passing", wine: append([][3]string{
			{"TestA", "output", `    a_test.go:12: 69 versions\n`}, {"TestA", "output", artefactLine}, {"TestA", "fail", ""}}, pkgFail...),
			rc: 1, native: stream([3]string{"TestA", "output", `    a_test.go:12: 70 versions\n`}, [3]string{"TestA", "pass", ""}), artefacts: 1},
		{name: "the same site failed natively too", wine: append([][3]string{
			{"TestA", "output", `    a_test.go:12: 69 versions\n`}, {"TestA", "output", artefactLine}, {"TestA", "fail", ""}}, pkgFail...),
			rc: 1, native: stream([3]string{"TestA", "output", `    a_test.go:12: 70 versions\n`}, [3]string{"TestA", "fail", ""}), bad: 1},
		{name: "a similar message is not the artefact", wine: append([][3]string{
			{"TestA", "output", `    testing.go:1464: TempDir RemoveAll cleanup: unlinkat C:\\x\\p.db: Sharing violation.\n`}, {"TestA", "fail", ""}}, pkgFail...),
			rc: 1, bad: 1, problem: "Sharing violation"},
		{name: "a parent fails through artefact subtests", wine: append([][3]string{
			{"TestP/one", "output", artefactLine}, {"TestP/one", "fail", ""}, {"TestP/two", "pass", ""}, {"TestP", "fail", ""}}, pkgFail...),
			rc: 1, passed: 1, artefacts: 2},
		{name: "a parent with a real subtest failure", wine: append([][3]string{
			{"TestP/one", "output", artefactLine}, {"TestP/one", "fail", ""}, {"TestP/two", "output", `    panic: boom\n`}, {"TestP/two", "fail", ""}, {"TestP", "fail", ""}}, pkgFail...),
			rc: 1, artefacts: 1, bad: 2},
		{name: "a test that never ended (crash)", wine: [][3]string{{"TestA", "output", `=== RUN   TestA\n`}, {"", "output", `exit status 2\n`}}, rc: 2, bad: 1, problem: "stopped without a result"},
		{name: "a Linux tool missing, with the artefact", wine: append([][3]string{
			{"TestR", "output", `    reports_test.go:82: pdftotext is missing: install poppler-utils (make test does)\n`}, {"TestR", "output", artefactLine}, {"TestR", "fail", ""}}, pkgFail...),
			rc: 1, tools: 1},
		{name: "another tool missing is a failure", wine: append([][3]string{
			{"TestR", "output", `    reports_test.go:82: qpdf is missing: install qpdf\n`}, {"TestR", "fail", ""}}, pkgFail...),
			rc: 1, bad: 1},
		{name: "timeout", wine: [][3]string{pass}, rc: 124, passed: 1, problem: "timed out"},
		{name: "non-zero exit with nothing failed", wine: [][3]string{pass, {"", "fail", ""}}, rc: 1, passed: 1, problem: "no failed test"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var native *run
			if c.native != "" {
				native = mustParse(t, c.native)
			}
			o := Judge("p", mustParse(t, stream(c.wine...)), c.rc, native)
			assert.Equal(t, c.passed, o.Passed, "passed")
			assert.Equal(t, c.artefacts, o.Artefacts, "artefacts")
			assert.Equal(t, c.bad, o.Fail, "failed")
			assert.Equal(t, c.tools, o.NoTool, "needs a Linux tool")
			if c.problem != "" {
				assert.Contains(t, strings.Join(o.Problems, "\n"), c.problem)
			}
			if c.bad == 0 && c.problem == "" {
				assert.Empty(t, o.Problems)
			}
		})
	}
}

func TestToCheckNatively(t *testing.T) {
	r := mustParse(t, stream(
		[3]string{"TestA/x", "output", `    a_test.go:3: 69 versions\n`}, [3]string{"TestA/x", "output", artefactLine}, [3]string{"TestA/x", "fail", ""},
		[3]string{"TestA", "fail", ""}, [3]string{"TestB", "pass", ""},
		[3]string{"TestC.d", "output", `    c_test.go:3: boom\n`}, [3]string{"TestC.d", "fail", ""},
		[3]string{"TestOnlyArtefact", "output", artefactLine}, [3]string{"TestOnlyArtefact", "fail", ""}))
	assert.Equal(t, `^(TestA|TestC\.d)$`, toCheckNatively(r))
	assert.Empty(t, toCheckNatively(mustParse(t, stream([3]string{"TestB", "pass", ""}))))
}

func TestJudgeDirAndReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) { require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644)) }
	write("a.json", stream([3]string{"TestOK", "pass", ""}, [3]string{"", "pass", ""}))
	write("a.rc", "0\n")
	write("b.json", stream([3]string{"TestA", "output", artefactLine}, [3]string{"TestA", "fail", ""}, [3]string{"", "fail", ""}))
	write("b.rc", "1\n")
	outs, err := judgeDir(dir)
	require.NoError(t, err)
	var buf bytes.Buffer
	assert.True(t, report(&buf, outs), buf.String())
	assert.Contains(t, buf.String(), "passed 1, known Wine artefact 1, needs a Linux tool 0, skipped 0, failed 0")

	write("c.json", stream([3]string{"TestA", "output", `    c_test.go:3: wrong\n`}, [3]string{"TestA", "fail", ""}, [3]string{"", "fail", ""}))
	write("c.rc", "1")
	outs, err = judgeDir(dir)
	require.NoError(t, err)
	buf.Reset()
	assert.False(t, report(&buf, outs))
	assert.Contains(t, buf.String(), "failed 1\n")

	require.NoError(t, os.Remove(filepath.Join(dir, "c.rc")))
	_, err = judgeDir(dir)
	assert.ErrorContains(t, err, "exit code missing")
	_, err = judgeDir(t.TempDir())
	assert.ErrorContains(t, err, "no results")
}
