package store

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// The scan helpers read every row, stop at the first error and say which query failed.
func TestScanHelpers(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	defer s.Close()
	nums, err := scanAll(t.Context(), s.db, "numbers", scanOne[int], "SELECT value FROM json_each('[3,1,2]')")
	require.NoError(t, err)
	assert.Equal(t, []int{3, 1, 2}, nums)

	bad := errors.New("row two is bad")
	n := 0
	err = eachRow(t.Context(), s.db, "numbers", func(*sql.Rows) error {
		if n++; n == 2 {
			return bad
		}
		return nil
	}, "SELECT value FROM json_each('[3,1,2]')")
	assert.ErrorIs(t, err, bad)
	assert.Equal(t, 2, n, "stops at the failing row")
	assert.Contains(t, err.Error(), "store: numbers:")

	_, err = scanAll(t.Context(), s.db, "missing", scanOne[string], "SELECT x FROM no_such_table")
	assert.ErrorContains(t, err, "store: missing:")
}

// A long list is decoded in parallel and comes back in order; a body that does not decode
// fails the whole read, however long the list.
func TestDecodeRecordsLongList(t *testing.T) {
	n := 3*parallelDecode + 7
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = []byte(`{"id":"a` + strconv.Itoa(i) + `","name":"Hội ` + strconv.Itoa(i) + `"}`)
	}
	list, err := decodeRecords[data.Association](bodies)
	require.NoError(t, err)
	require.Len(t, list, n)
	for i, a := range list {
		assert.Equal(t, "a"+strconv.Itoa(i), a.ID)
	}
	bodies[2*parallelDecode+1] = []byte(`{"id":`)
	list, err = decodeRecords[data.Association](bodies)
	require.ErrorContains(t, err, "store: decode")
	assert.Nil(t, list)
	none, err := decodeRecords[data.Association](nil)
	require.NoError(t, err)
	assert.Nil(t, none)
}
