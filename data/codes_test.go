package data_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

var codeRe = regexp.MustCompile(`^Err[A-Z][A-Za-z0-9]*$`)

// sourceCodes walks the repository's Go files: the error codes written in the program
// (string literals such as "ErrNotFound") and the text of its tests.
func sourceCodes(t *testing.T) (codes map[string]string, tests string) {
	codes = map[string]string{}
	var b strings.Builder
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, "_test.go") {
			if filepath.Base(path) != "codes_test.go" { // naming a code here is not provoking it
				b.Write(src)
			}
			return nil
		}
		file, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && codeRe.MatchString(s) {
					codes[s] = path
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	return codes, b.String()
}

// Every error code the program can return has a Vietnamese and an English sentence,
// and a test that provokes it names it; the catalogue holds no code the program lost.
func TestErrorCatalogue(t *testing.T) {
	codes, tests := sourceCodes(t)
	require.Greater(t, len(codes), 50, "the walk found the program's codes")
	var names []string
	for c := range codes {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, code := range names {
		t.Run(code, func(t *testing.T) {
			text, ok := data.Catalogue[code]
			require.True(t, ok, "%s (used in %s) has no sentences in data.Catalogue", code, codes[code])
			assert.NotEmpty(t, text.Vi, "Vietnamese")
			assert.NotEmpty(t, text.En, "English")
			assert.NotEqual(t, text.Vi, text.En, "the English is a translation")
			assert.Equal(t, data.Verbs(text.Vi), data.Verbs(text.En), "both sentences take the same values")
			assert.Regexp(t, `[.!?]$`, text.En, "a sentence")
			assert.Regexp(t, `[.!?]$`, text.Vi, "a sentence")
			assert.True(t, regexp.MustCompile(`\b`+code+`\b`).MatchString(tests), "no test provokes %s and names it", code)
		})
	}
	for code := range data.Catalogue {
		assert.Contains(t, codes, code, "%s is in the catalogue but the program never returns it", code)
	}
}

func TestErrorLanguages(t *testing.T) {
	e := &data.Error{Code: "ErrNothingToUndo", Message: "Không có lần nhập gói dữ liệu nào để hoàn tác."}
	assert.Equal(t, e.Message, data.MessageIn(e, "vi"))
	assert.Equal(t, "There is no import to undo.", data.MessageIn(e, "en"))
	// Values go into the English sentence.
	e = &data.Error{Code: "ErrNothingToRemind", Message: "…", Args: []any{data.MustDate("27/11/2026")}}
	assert.Equal(t, "On 27/11/2026 no task is overdue or due soon: there is nothing to remind of.", data.MessageIn(e, "en"))
	// Without its values a sentence reads without them, never "%!v(MISSING)".
	e.Args = nil
	assert.NotContains(t, data.MessageIn(e, "en"), "%")
	// Several problems: each sentence.
	err := data.Check(&data.Agency{})
	assert.Equal(t, "The agency's name is missing.", data.MessageIn(err, "en"))
	// Anything but a qlhoi error is a database fault (ErrDatabase), in either language.
	raw := errors.New("sql: database is locked")
	assert.Equal(t, data.Catalogue["ErrDatabase"].Vi, data.Message(raw))
	assert.Equal(t, data.Catalogue["ErrDatabase"].En, data.MessageIn(raw, "en"))
	assert.NotContains(t, data.MessageIn(raw, "en"), "sql")
}
