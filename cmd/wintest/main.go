// Command wintest reads the results of Go test binaries run under Wine (make
// windows-test) and decides whether Windows passed.
//
// Each package leaves files in the results folder: NAME.json, the binary's
// -test.v=test2json output converted by `go tool test2json -t -p PKG`; NAME.rc, the
// binary's exit code (124 when `timeout` stopped it); and, when failed tests printed more
// than known messages, NAME.native.json: `go test -json -v` of those tests run natively.
//
// A failed test counts as a known Wine artefact only when it printed at least one of
// knownArtefacts and every other line it printed itself comes from a call site (file:line)
// that also printed in the passing native run of the same test — a site that prints in a
// passing test is a t.Log, not a t.Error (the testing package prints both alike). A
// failed parent counts as an artefact only when it printed nothing itself and all its
// failed subtests are artefacts. Anything else — another message, a panic, a timeout, a
// binary that stopped without a result — is a failure.
//
// Usage:
//
//	wintest failed NAME.json   prints ^(TestA|TestB)$, the failed top-level tests that
//	                           printed more than known artefacts (for the native run)
//	wintest judge RESULTS_DIR  prints one line per package and the totals; exits 1 on failure
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// knownArtefacts are the exact messages of failures that are not Windows defects, each
// with why. Kind "wine": a Wine 8 defect (real Windows behaves). Kind "tool": the test
// needs a Linux tool that has no Windows build here; make test runs it natively, and
// windows-test checks the PDFs Windows made with that tool from Linux instead.
var knownArtefacts = []struct {
	kind string
	re   *regexp.Regexp
	why  string
}{
	{"wine", regexp.MustCompile(`^\s+testing\.go:\d+: TempDir RemoveAll cleanup: unlinkat [A-Za-z]:\\[^\n]*: Invalid function\.$`),
		"Wine 8 lacks FileDispositionInformationEx; os.RemoveAll fails in t.TempDir cleanup"},
	{"tool", regexp.MustCompile(`^\s+[a-z_]+_test\.go:\d+: pdftotext is missing: install poppler-utils \(make test does\)$`),
		"the reports tests read their PDFs with poppler's pdftotext, a Linux tool (checked natively by make test; the PDFs made under Wine are read from Linux in the qlhoictl step)"},
}

// framing matches the lines the testing package prints around a test, which are not
// the test's own output.
var framing = regexp.MustCompile(`^\s*(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP): )`)

type event struct {
	Action string
	Test   string
	Output string
}

type test struct {
	name   string
	result string   // pass, fail, skip or "" (never ended)
	own    []string // lines the test printed itself, framing removed
}

// run is one test binary's results.
type run struct {
	tests  map[string]*test
	order  []string
	result string   // the package's pass/fail, "" when the binary never said
	out    []string // the package's own output (panics, FAIL, exit status)
}

// parse reads a test2json stream.
func parse(name string, r io.Reader) (*run, error) {
	res := &run{tests: map[string]*test{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("%s: not test2json output: %q", name, truncate(string(line), 200))
		}
		if ev.Test == "" {
			switch ev.Action {
			case "pass", "fail", "skip":
				res.result = ev.Action
			case "output":
				res.out = append(res.out, strings.TrimRight(ev.Output, "\n"))
			}
			continue
		}
		t := res.tests[ev.Test]
		if t == nil {
			t = &test{name: ev.Test}
			res.tests[ev.Test] = t
			res.order = append(res.order, ev.Test)
		}
		switch ev.Action {
		case "pass", "fail", "skip":
			t.result = ev.Action
		case "output":
			for l := range strings.SplitSeq(strings.TrimRight(ev.Output, "\n"), "\n") {
				if l != "" && !framing.MatchString(l) {
					t.own = append(t.own, l)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return res, nil
}

// site matches the call-site prefix the testing package puts on t.Log/t.Error lines.
var site = regexp.MustCompile(`^\s+([\w.-]+\.go:\d+): `)

// logSites returns, per test, the call sites that printed in a passing native run.
func logSites(native *run) map[string]map[string]bool {
	sites := map[string]map[string]bool{}
	if native == nil {
		return sites
	}
	for name, t := range native.tests {
		if t.result != "pass" {
			continue
		}
		for _, l := range t.own {
			if m := site.FindStringSubmatch(l); m != nil {
				if sites[name] == nil {
					sites[name] = map[string]bool{}
				}
				sites[name][m[1]] = true
			}
		}
	}
	return sites
}

// Outcome is one package's verdict.
type Outcome struct {
	Package                                  string
	Passed, Artefacts, NoTool, Skipped, Fail int
	// Problems says, one line each, what failed; empty when the package is fine.
	Problems []string
}

// Judge decides one package from its Wine run, exit code and (optional) native run.
func Judge(pkg string, wine *run, exitCode int, native *run) Outcome {
	o := Outcome{Package: pkg}
	logs := logSites(native)
	for _, name := range wine.order {
		t := wine.tests[name]
		switch t.result {
		case "pass":
			o.Passed++
		case "skip":
			o.Skipped++
		case "fail":
			switch artefact(t, wine.tests, logs) {
			case "wine":
				o.Artefacts++
			case "tool":
				o.NoTool++
			default:
				o.Fail++
				o.Problems = append(o.Problems, fmt.Sprintf("%s failed:\n%s", name, indent(t.own)))
			}
		default:
			o.Fail++
			o.Problems = append(o.Problems, fmt.Sprintf("%s never finished:\n%s", name, indent(t.own)))
		}
	}
	switch {
	case exitCode == 124:
		o.Problems = append(o.Problems, "timed out (the test binary was stopped)")
	case wine.result == "":
		o.Problems = append(o.Problems, fmt.Sprintf("the test binary stopped without a result (exit code %d):\n%s", exitCode, indent(tail(wine.out, 30))))
	case exitCode == 0 && wine.result != "pass":
		o.Problems = append(o.Problems, "exit code 0 but the result is "+wine.result)
	case exitCode != 0 && o.Fail == 0 && o.Artefacts+o.NoTool == 0:
		o.Problems = append(o.Problems, fmt.Sprintf("exit code %d with no failed test:\n%s", exitCode, indent(tail(wine.out, 30))))
	}
	return o
}

// artefact classifies a failed test: "wine" or "tool" when it failed only through known
// messages of that kind ("tool" wins when both), "" when it really failed.
func artefact(t *test, tests map[string]*test, logs map[string]map[string]bool) string {
	kind := ""
	if len(t.own) > 0 {
		for _, l := range t.own {
			if k := knownKind(l); k != "" {
				kind = stronger(kind, k)
				continue
			}
			m := site.FindStringSubmatch(l)
			if m == nil || !logs[t.name][m[1]] {
				return ""
			}
		}
		return kind
	}
	for name, c := range tests {
		if strings.HasPrefix(name, t.name+"/") && !strings.Contains(name[len(t.name)+1:], "/") && c.result == "fail" {
			k := artefact(c, tests, logs)
			if k == "" {
				return ""
			}
			kind = stronger(kind, k)
		}
	}
	return kind
}

// toCheckNatively returns a -test.run pattern for the failed top-level tests that
// printed something besides known artefacts (in themselves or a subtest), or "": only
// those need the native run to tell t.Log lines from failures.
func toCheckNatively(r *run) string {
	var names []string
	for _, name := range r.order {
		if strings.Contains(name, "/") || r.tests[name].result != "fail" {
			continue
		}
		for _, sub := range r.order {
			if (sub == name || strings.HasPrefix(sub, name+"/")) && printedOther(r.tests[sub]) {
				names = append(names, regexp.QuoteMeta(name))
				break
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "^(" + strings.Join(names, "|") + ")$"
}

func printedOther(t *test) bool {
	for _, l := range t.own {
		if !known(l) {
			return true
		}
	}
	return false
}

// stronger combines kinds: "tool" (the test did not get to run all its checks) wins.
func stronger(a, b string) string {
	if a == "tool" || b == "tool" {
		return "tool"
	}
	return max(a, b)
}

func known(line string) bool { return knownKind(line) != "" }

// knownKind is the kind of the known message line is, or "".
func knownKind(line string) string {
	for _, k := range knownArtefacts {
		if k.re.MatchString(line) {
			return k.kind
		}
	}
	return ""
}

func indent(lines []string) string {
	if len(lines) == 0 {
		return "\t(no output)"
	}
	return "\t" + strings.Join(lines, "\n\t")
}

func tail(lines []string, n int) []string {
	if len(lines) > n {
		return lines[len(lines)-n:]
	}
	return lines
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func parseFile(path string) (*run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parse(filepath.Base(path), f)
}

// judgeDir judges every package in dir, in name order.
func judgeDir(dir string) ([]Outcome, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []Outcome
	sort.Strings(files)
	for _, f := range files {
		if strings.HasSuffix(f, ".native.json") {
			continue
		}
		base := strings.TrimSuffix(f, ".json")
		name := filepath.Base(base)
		rcText, err := os.ReadFile(base + ".rc")
		if err != nil {
			return nil, fmt.Errorf("%s: exit code missing: %w", name, err)
		}
		rc, err := strconv.Atoi(strings.TrimSpace(string(rcText)))
		if err != nil {
			return nil, fmt.Errorf("%s: bad exit code %q", name, rcText)
		}
		wine, err := parseFile(f)
		if err != nil {
			return nil, err
		}
		var native *run
		if _, err := os.Stat(base + ".native.json"); err == nil {
			if native, err = parseFile(base + ".native.json"); err != nil {
				return nil, err
			}
		}
		out = append(out, Judge(name, wine, rc, native))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no results in %s", dir)
	}
	return out, nil
}

// report prints the outcomes and the totals and says whether all is well.
func report(w io.Writer, outs []Outcome) bool {
	var total Outcome
	ok := true
	for _, o := range outs {
		verdict := "ok"
		if len(o.Problems) > 0 || o.Fail > 0 {
			verdict, ok = "FAIL", false
		}
		fmt.Fprintf(w, "%-4s %-20s passed %4d  known-wine-artefact %3d  needs-linux-tool %3d  skipped %3d  failed %3d\n",
			verdict, o.Package, o.Passed, o.Artefacts, o.NoTool, o.Skipped, o.Fail)
		for _, pr := range o.Problems {
			fmt.Fprintf(w, "     %s\n", strings.ReplaceAll(pr, "\n", "\n     "))
		}
		total.Passed += o.Passed
		total.Artefacts += o.Artefacts
		total.NoTool += o.NoTool
		total.Skipped += o.Skipped
		total.Fail += o.Fail
	}
	fmt.Fprintf(w, "Windows tests under Wine: passed %d, known Wine artefact %d, needs a Linux tool %d, skipped %d, failed %d\n",
		total.Passed, total.Artefacts, total.NoTool, total.Skipped, total.Fail)
	for _, k := range knownArtefacts {
		if k.kind == "wine" && total.Artefacts > 0 || k.kind == "tool" && total.NoTool > 0 {
			fmt.Fprintf(w, "  %s: %s\n", k.kind, k.why)
		}
	}
	return ok
}

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "failed" && os.Args[1] != "judge") {
		fmt.Fprintln(os.Stderr, "usage: wintest failed NAME.json | wintest judge RESULTS_DIR")
		os.Exit(2)
	}
	if os.Args[1] == "failed" {
		r, err := parseFile(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, "wintest:", err)
			os.Exit(1)
		}
		fmt.Println(toCheckNatively(r))
		return
	}
	outs, err := judgeDir(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "wintest:", err)
		os.Exit(1)
	}
	if !report(os.Stdout, outs) {
		os.Exit(1)
	}
}
