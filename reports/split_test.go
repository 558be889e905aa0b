package reports_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
	"qlhoi/reports"
)

// vocabulary is every word a report may print: the words of the string literals in the
// code that writes reports and their data (a format verb in a word becomes a pattern:
// "%d/QĐ-UBND" matches "1553/QĐ-UBND"), and the words of the texts a test stored.
type vocabulary struct {
	words    map[string]bool
	patterns []*regexp.Regexp
}

// edge is the punctuation a word may carry at either end in running text.
const edge = ",.;:()“”\"'[]!?"

var (
	verb     = regexp.MustCompile(`%[-+# 0-9.]*[dsvqc]`)
	numberRe = regexp.MustCompile(`^(\d+|\d{1,3}(\.\d{3})+)%?$`)
	dateRe   = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)
	yearsRe  = regexp.MustCompile(`^\d{4}–\d{4}$`) // a term in a list: "2021–2026"
)

func (v *vocabulary) add(s string) {
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, edge)
		if w == "" {
			continue
		}
		w = strings.ToLower(w)
		if !verb.MatchString(w) {
			v.words[w] = true
			continue
		}
		if strings.Trim(verb.ReplaceAllString(w, ""), edge) == "" {
			continue // "%s" alone would match anything
		}
		parts := verb.Split(w, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		v.patterns = append(v.patterns, regexp.MustCompile(`^`+strings.Join(parts, `\S*`)+`$`))
	}
}

func (v *vocabulary) knows(w string) bool {
	w = strings.ToLower(strings.Trim(w, edge))
	if w == "" || v.words[w] || numberRe.MatchString(w) || dateRe.MatchString(w) || yearsRe.MatchString(w) {
		return true
	}
	for _, p := range v.patterns {
		if p.MatchString(w) {
			return true
		}
	}
	return false
}

// sourceVocabulary reads the string literals of the Go files (tests excepted) in dirs.
func sourceVocabulary(t *testing.T, dirs ...string) *vocabulary {
	v := &vocabulary{words: map[string]bool{}}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			file, err := parser.ParseFile(fset, f, src, 0)
			require.NoError(t, err)
			ast.Inspect(file, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						v.add(s)
					}
				}
				return true
			})
		}
	}
	return v
}

// splitWords returns the words of a report's text that are not whole words: the pieces
// of a syllable, a decision number or a date cut at a line end ("Huyệ", "n",
// "1777/QĐ-UB", "28/05/").
func splitWords(text string, v *vocabulary) []string {
	var bad []string
	for _, w := range strings.Fields(text) {
		if !v.knows(w) {
			bad = append(bad, w)
		}
	}
	return bad
}

// longNames stores what makes tables hard: long names, decision numbers and codes, long
// task texts, on top of the demo data and generated associations and tasks.
func longNames(t *testing.T, m *reports.Maker) (*vocabulary, string) {
	ctx := t.Context()
	require.NoError(t, demo.Generate(ctx, m.Store, 80, 60, 11, nil))
	v := sourceVocabulary(t, ".", "../data", "../data/demo")
	texts := []string{
		"Hội Bảo trợ người khuyết tật, trẻ mồ côi và bệnh nhân nghèo huyện Hướng Hóa tỉnh Quảng Trị nhiệm kỳ mở rộng",
		"Bảo trợ xã hội, người khuyết tật và trẻ mồ côi", "1553/QĐ-UBND", "45-KL/TW", "Ủy ban nhân dân huyện Hướng Hóa",
		"Nguyễn Thị Phương Thảo Quỳnh", "Phó Chủ tịch thường trực kiêm Tổng thư ký",
		"Đồng chí Trần Thị Khuyến Khích, Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy",
		"Bằng khen của Thủ tướng Chính phủ theo Quyết định 45-KL/TW", "Kết luận 45-KL/TW",
	}
	for _, s := range texts {
		v.add(s)
	}
	a := &data.Association{Name: texts[0], Scope: data.ScopeDistrict, Area: m.Store.Office(), Field: texts[1],
		Assigned: true, AssignedBy: texts[9], Founding: data.Decision{Number: texts[2], Date: data.MustDate("12/08/2015"), Issuer: texts[4]},
		TermStart: data.MustDate("15/04/2022"), TermEnd: data.MustDate("15/01/2027"), CongressNumber: 3, PartyMembers: 1234,
		FollowedBy: texts[7], Status: data.StatusActive}
	require.NoError(t, m.Store.Create(ctx, a, store.AllowNearDuplicate))
	require.NoError(t, m.Store.Create(ctx, &data.Leader{Association: a.ID, Term: 3, Position: texts[6], Name: texts[5], BirthYear: 1968, Gender: "Nữ", PartyMember: true}))
	require.NoError(t, m.Store.Create(ctx, &data.YearlyFigure{Association: a.ID, Year: 2025, Members: 123456, NewMembers: 1234, PartyMembers: 1234, Budget: 1_250_000_000, Awards: texts[8],
		IncomeDues: 987_654_321_000, IncomeDonations: data.MaxAmount - 1, IncomeOther: 3_500_000, Spending: 999_999_999_999_000}))
	return v, a.ID
}

// Every report in both profiles, on data with long names and codes: no word, decision
// number or date is cut at a line end.
func TestNoWordSplit(t *testing.T) {
	m := demoMaker(t)
	v, long := longNames(t, m)
	for _, k := range reports.Catalogue {
		for _, profile := range []string{"state", "party"} {
			t.Run(k.Name+"/"+profile, func(t *testing.T) {
				p := reports.Params{Profile: profile}
				if k.Name == "ho-so-hoi" {
					p.Association = long
				}
				res, err := m.Make(t.Context(), k.Name, p)
				require.NoError(t, err)
				text := poppler(t, "pdftotext", "-raw", "-enc", "UTF-8", writePDF(t, res.PDF), "-")
				assert.Empty(t, splitWords(text, v), "words cut at a line end")
			})
		}
	}
}

// The detector finds what it is for: cut syllables, numbers and dates.
func TestSplitDetector(t *testing.T) {
	v := &vocabulary{words: map[string]bool{}}
	v.add("Hội viên cấp Huyện số %d/QĐ-UBND")
	assert.Empty(t, splitWords("Hội viên cấp Huyện, số 1553/QĐ-UBND ngày 12/08/2025 (1.234)", &vocabulary{words: v.words, patterns: append(v.patterns, regexp.MustCompile(`^ngày$`))}))
	assert.Empty(t, splitWords("HỘI VIÊN", v), "capitals are the same words")
	assert.Equal(t, []string{"Huyệ", "n"}, splitWords("cấp Huyệ n", v))
	assert.Equal(t, []string{"1777/QĐ-UB", "ND"}, splitWords("số 1777/QĐ-UB ND", v))
	assert.Equal(t, []string{"12/08/"}, splitWords("12/08/ 2025", v))
	assert.Empty(t, splitWords("2021–2026", v), "a term's years are a word")
	assert.Equal(t, []string{"2021–"}, splitWords("2021– 2026", v))
}

// A code wider than any column could be is the one thing that breaks, and only after
// "/" or "-"; the other columns keep their words whole and nothing is lost.
func TestTokenWiderThanPage(t *testing.T) {
	long := strings.Repeat("1553/QĐ-UBND-", 30) + "KL"
	d := reports.New(reports.State, reports.Embedded(), reports.Meta{Title: "t", Created: testNow}, false)
	d.Table("Bảng", reports.Table{Columns: []reports.Column{{Title: "STT", Align: "C"}, {Title: "Số hiệu"}, {Title: "Tình trạng"}},
		Rows: [][]string{{"1", long, "Đang hoạt động"}, {"2", "Hội Luật gia tỉnh Quảng Trị", "Đã giải thể"}}})
	pdf, err := d.Bytes()
	require.NoError(t, err)
	text := poppler(t, "pdftotext", "-raw", "-enc", "UTF-8", writePDF(t, pdf), "-")
	var pieces []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimPrefix(line, "1 ") // the STT cell shares the first line
		if strings.HasPrefix(line, "1553/") || strings.HasPrefix(line, "QĐ-") || strings.HasPrefix(line, "UBND-") || line == "KL" {
			pieces = append(pieces, line)
		}
	}
	require.Greater(t, len(pieces), 1, "the code is broken over lines:\n%s", text)
	for _, p := range pieces[:len(pieces)-1] {
		assert.Regexp(t, `[/-]$`, p, "a line of the code ends at / or -")
	}
	assert.Equal(t, long, strings.Join(pieces, ""), "nothing of the code is lost")
	flat := strings.Join(strings.Fields(text), " ")
	assert.Contains(t, flat, "Đang hoạt động")
	assert.Contains(t, flat, "Hội Luật gia tỉnh Quảng Trị")
}

// The 1,000-association list fits in about a third of the 126 pages it once took: most
// rows on one line, in both profiles.
func TestLongListPages(t *testing.T) {
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return testNow }
	require.NoError(t, demo.Generate(t.Context(), s, 1000, 0, 1, nil))
	m := &reports.Maker{Store: s, Fonts: reports.Embedded(), Now: s.Now}
	for _, profile := range []string{"state", "party"} {
		res, err := m.Make(t.Context(), "danh-sach-hoi", reports.Params{Profile: profile})
		require.NoError(t, err)
		t.Logf("%s: %d pages", profile, res.Pages)
		assert.LessOrEqual(t, res.Pages, 45, profile)
		assert.GreaterOrEqual(t, res.Pages, 30, "%s: 1,000 rows cannot fit in fewer pages", profile)
	}
}
