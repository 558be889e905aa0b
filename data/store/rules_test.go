package store_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Each subtest breaks one rule and is named after the error it must produce.
func TestAssociationRules(t *testing.T) {
	cases := []struct {
		code   string
		field  string
		change func(a *data.Association)
	}{
		{"ErrNameRequired", "name", func(a *data.Association) { a.Name = "  \t " }},
		{"ErrNameTooLong", "name", func(a *data.Association) { a.Name = strings.Repeat("Hội Khuyến học ", 21) }},
		{"ErrScopeInvalid", "scope", func(a *data.Association) { a.Scope = "quoc_gia" }},
		{"ErrStatusInvalid", "status", func(a *data.Association) { a.Status = "vui" }},
		{"ErrFoundingNumberInvalid", "founding.number", func(a *data.Association) { a.Founding.Number = "QĐ thành lập" }},
		{"ErrCharterNumberInvalid", "charter.number", func(a *data.Association) { a.Charter.Number = "abc" }},
		{"ErrCharterBeforeFounding", "charter.date", func(a *data.Association) { a.Charter.Date = data.MustDate("01/01/2000") }},
		{"ErrTermDatesOrder", "term_end", func(a *data.Association) { a.TermEnd = data.MustDate("01/01/2022") }},
		{"ErrTermTooLong", "term_end", func(a *data.Association) { a.TermEnd = data.MustDate("16/06/2027").AddYears(0).AddDays(1) }},
		{"ErrTermBeforeFounding", "term_start", func(a *data.Association) {
			a.TermStart, a.TermEnd = data.MustDate("01/01/2007"), data.MustDate("01/01/2012")
		}},
		{"ErrCongressDatesOrder", "next_congress", func(a *data.Association) {
			a.LastCongress, a.NextCongress = data.MustDate("15/06/2022"), data.MustDate("15/06/2021")
		}},
		{"ErrCountNegative", "party_members", func(a *data.Association) { a.PartyMembers = -1 }},
		{"ErrMergedIntoRequired", "merged_into", func(a *data.Association) { a.Status = data.StatusAbsorbed }},
		{"ErrEmailInvalid", "email", func(a *data.Association) { a.Email = "hoi.gmail.com" }},
	}
	t.Run("OK", func(t *testing.T) {
		assert.NoError(t, validAssociation("Hội Luật gia tỉnh").Validate())
	})
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			a := validAssociation("Hội Luật gia tỉnh")
			c.change(a)
			err := data.Check(a)
			assert.True(t, data.HasCode(err, c.code), "got %v", err)
			assert.NotEmpty(t, data.FieldErrors(err)[c.field], "the message is shown next to field %s", c.field)
			assert.NotContains(t, data.Message(err), "sql")
		})
	}
	t.Run("TermOfExactlyFiveYears", func(t *testing.T) {
		a := validAssociation("Hội Luật gia tỉnh")
		a.TermStart, a.TermEnd = data.MustDate("29/02/2024"), data.MustDate("01/03/2029")
		assert.NoError(t, a.Validate())
	})
	t.Run("DecisionNumberForms", func(t *testing.T) {
		for _, n := range []string{"123/QĐ-UBND", "45/2010/QĐ-UBND", "15-QĐ/TU", "Số: 07/QĐ-SNV", "123 / QĐ - UBND"} {
			a := validAssociation("Hội Luật gia tỉnh")
			a.Founding.Number = n
			assert.NoError(t, data.Check(a), n)
		}
	})
}

func TestOtherRecordRules(t *testing.T) {
	cases := []struct {
		code string
		rec  data.Record
	}{
		{"ErrOfficeCodeRequired", &data.Office{Name: "X", Level: data.LevelCommune}},
		{"ErrOfficeCodeInvalid", &data.Office{Code: "qt tỉnh", Name: "X", Level: data.LevelCommune}},
		{"ErrOfficeNameRequired", &data.Office{Code: "QT", Level: data.LevelCommune}},
		{"ErrOfficeLevelInvalid", &data.Office{Code: "QT", Name: "X", Level: "bo"}},
		{"ErrOfficeParentSelf", &data.Office{Code: "QT", Name: "X", Level: data.LevelCommune, Parent: "QT"}},
		{"ErrDatesOrder", &data.Office{Code: "QT", Name: "X", Level: data.LevelCommune, ValidFrom: data.MustDate("01/07/2025"), ValidTo: data.MustDate("30/06/2025")}},
		{"ErrAgencyNameRequired", &data.Agency{}},
		{"ErrEventKindInvalid", &data.AssociationEvent{Association: "a", EventKind: "party", Date: data.MustDate("01/01/2020")}},
		{"ErrRelatedRequired", &data.AssociationEvent{Association: "a", EventKind: data.EventMerger, Date: data.MustDate("01/01/2020")}},
		{"ErrLineageSelf", &data.AssociationEvent{Association: "a", EventKind: data.EventMerger, Date: data.MustDate("01/01/2020"), Related: []string{"a"}}},
		{"ErrDateRequired", &data.AssociationEvent{Association: "a", EventKind: data.EventCongress}},
		{"ErrLeaderNameRequired", &data.Leader{Association: "a", Position: "Chủ tịch"}},
		{"ErrPositionRequired", &data.Leader{Association: "a", Name: "Lê Văn Tám"}},
		{"ErrBirthYearInvalid", &data.Leader{Association: "a", Name: "Lê Văn Tám", Position: "Chủ tịch", BirthYear: 65}},
		{"ErrYearInvalid", &data.YearlyFigure{Association: "a", Year: 25}},
		{"ErrCountNegative", &data.YearlyFigure{Association: "a", Year: 2025, Members: -5}},
		{"ErrAmountNegative", &data.YearlyFigure{Association: "a", Year: 2025, IncomeDonations: -1}},
		{"ErrAmountTooLarge", &data.YearlyFigure{Association: "a", Year: 2025, Spending: data.MaxAmount}},
		{"ErrNewMembersExceedMembers", &data.YearlyFigure{Association: "a", Year: 2025, Members: 5, NewMembers: 6}},
		{"ErrPartyMembersExceedMembers", &data.YearlyFigure{Association: "a", Year: 2025, Members: 5, PartyMembers: 6}},
		{"ErrInspectingBodyRequired", &data.Inspection{Association: "a", Date: data.MustDate("01/01/2025"), Content: "x"}},
		{"ErrDocumentNumberRequired", &data.Directive{Date: data.MustDate("01/01/2025"), Issuer: "x", Summary: "y"}},
		{"ErrDocumentNumberInvalid", &data.Directive{Number: "CV/TU", Date: data.MustDate("01/01/2025"), Issuer: "x", Summary: "y"}},
		{"ErrSummaryRequired", &data.Directive{Number: "1-CV/TU", Date: data.MustDate("01/01/2025"), Issuer: "x"}},
		{"ErrDirectiveRequired", &data.Task{Content: "x", Lead: "l"}},
		{"ErrLeadRequired", &data.Task{Directive: "d", Content: "x"}},
		{"ErrLeadAlsoCooperating", &data.Task{Directive: "d", Content: "x", Lead: "l", Cooperating: []string{"l"}}},
		{"ErrCycleInvalid", &data.Task{Directive: "d", Content: "x", Lead: "l", Cycle: "weekly"}},
		{"ErrPercentInvalid", &data.ProgressUpdate{Task: "t", Date: data.MustDate("01/01/2025"), Text: "x", Percent: 120}},
		{"ErrTaskRequired", &data.ProgressUpdate{Date: data.MustDate("01/01/2025"), Text: "x"}},
		{"ErrNumberInvalid", &data.IssuedDocument{Series: "s", Date: data.MustDate("01/01/2025"), Subject: "x"}},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			err := c.rec.Validate()
			assert.True(t, data.HasCode(err, c.code), "got %v", err)
		})
	}
}

// Every sum of money of a year's figures is refused when negative or at 10^15 đồng and
// over, with the message next to its own field; the largest sane amounts are kept and
// add up without overflow.
func TestFigureAmountsBounded(t *testing.T) {
	fields := map[string]func(*data.YearlyFigure) *int64{
		"income_dues":       func(y *data.YearlyFigure) *int64 { return &y.IncomeDues },
		"income_activities": func(y *data.YearlyFigure) *int64 { return &y.IncomeActivities },
		"income_donations":  func(y *data.YearlyFigure) *int64 { return &y.IncomeDonations },
		"budget":            func(y *data.YearlyFigure) *int64 { return &y.Budget },
		"income_other":      func(y *data.YearlyFigure) *int64 { return &y.IncomeOther },
		"spending":          func(y *data.YearlyFigure) *int64 { return &y.Spending },
	}
	for field, p := range fields {
		t.Run(field, func(t *testing.T) {
			for code, v := range map[string]int64{"ErrAmountNegative": -1, "ErrAmountTooLarge": data.MaxAmount} {
				y := &data.YearlyFigure{Association: "a", Year: 2025}
				*p(y) = v
				err := y.Validate()
				assert.Equal(t, []string{code}, data.Codes(err))
				assert.NotEmpty(t, data.FieldErrors(err)[field], "the message is shown next to %s", field)
			}
		})
	}
	y := &data.YearlyFigure{Association: "a", Year: 2025}
	for _, p := range fields {
		*p(y) = data.MaxAmount - 1
	}
	assert.NoError(t, y.Validate())
	assert.Equal(t, 5*(data.MaxAmount-1), y.Income(), "five sources, spending not counted")
	y = &data.YearlyFigure{IncomeDues: 1, IncomeActivities: 20, IncomeDonations: 300, Budget: 4000, IncomeOther: 50000, Spending: 7}
	assert.Equal(t, int64(54321), y.Income())
	assert.True(t, y.HasFinances())
	assert.False(t, (&data.YearlyFigure{Members: 5}).HasFinances())
}

func TestStoreRefusesInvalidRecord(t *testing.T) {
	s := MustOpen(t)
	a := validAssociation("Hội Luật gia tỉnh")
	a.TermEnd = data.MustDate("01/01/2020")
	err := s.Create(t.Context(), a)
	assert.True(t, data.HasCode(err, "ErrTermDatesOrder"))
	_, n, _ := s.FindAssociations(t.Context(), store.AssociationFilter{})
	assert.Zero(t, n, "nothing is saved")
	h, _ := s.History(t.Context(), a.ID)
	assert.Empty(t, h)
}
