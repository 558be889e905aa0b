package data_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"qlhoi/data"
)

// A yearly-figures row with nothing in it is refused (ErrFigureEmpty): it printed as a
// row of zeros everywhere; one figure is enough.
func TestFigureEmptyRefused(t *testing.T) {
	empty := &data.YearlyFigure{Association: "a", Year: 2025}
	assert.Equal(t, []string{"ErrFigureEmpty"}, data.Codes(data.Check(empty)))
	one := &data.YearlyFigure{Association: "a", Year: 2025, PartyMembers: 12}
	assert.NoError(t, data.Check(one))
	text := &data.YearlyFigure{Association: "a", Year: 2025, Awards: "Bằng khen của UBND tỉnh"}
	assert.NoError(t, data.Check(text))
}
