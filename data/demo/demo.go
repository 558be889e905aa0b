// Package demo loads qlhoi's demonstration data, drawn from the provincial letter that
// implements Decision 118-QĐ/TW, and generates synthetic data for benchmarks.
package demo

import (
	"context"
	"fmt"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Office is the demo provincial office set up on a fresh database.
var Office = data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy Quảng Trị", Level: data.LevelProvince, Place: "Quảng Trị"}

const settingLoaded = "demo.loaded"

// ErrAlreadyLoaded is returned when the demo data is loaded twice.
var ErrAlreadyLoaded = &data.Error{Code: "ErrDemoLoaded", Message: "Dữ liệu mẫu đã được nạp vào cơ sở dữ liệu này rồi."}

// Load adds the demo data, owned by the store's office, with dates relative to the
// store's today: some tasks done on time, some late, some overdue, some due soon. On a
// database without an office it first sets up the demo provincial office.
// Everything is written in one transaction.
func Load(ctx context.Context, s *store.Store) error {
	fresh := s.Office() == ""
	if fresh {
		o := Office
		if err := s.SetUp(ctx, &o); err != nil {
			return err
		}
		// How the demo office heads and signs its documents.
		for k, v := range map[string]string{
			store.SettingSuperior: "Tỉnh ủy Quảng Trị", store.SettingIssuer: "Ban Dân vận", store.SettingSymbol: "BDVTU",
			store.SettingSigner: "Nguyễn Văn Hùng", store.SettingSignerTitle: "Trưởng ban",
			store.SettingPartyTermStart: "2025-10-15",
		} {
			if err := s.SetSetting(ctx, k, v); err != nil {
				return err
			}
		}
	}
	if v, err := s.Setting(ctx, settingLoaded); err != nil {
		return err
	} else if v != "" {
		return ErrAlreadyLoaded
	}
	existing, err := s.Agencies(ctx)
	if err != nil {
		return err
	}
	b := build(s.Today(), s.Office(), existing)
	if err := s.CreateAll(ctx, b.records, store.AllowNearDuplicate); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return s.SetSetting(ctx, settingLoaded, s.Today().ISO())
}

type builder struct {
	today   data.Date
	own     string
	records []data.Record
	assoc   map[string]*data.Association // by short key
	agency  map[string]*data.Agency
	known   map[string]*data.Agency // the office's own agencies, by folded name
}

func (b *builder) add(r data.Record) {
	m := data.MetaOf(r)
	if m.ID == "" {
		m.ID = data.NewID()
	}
	b.records = append(b.records, r)
}

// day returns the day n days from today.
func (b *builder) day(n int) data.Date { return b.today.AddDays(n) }

// build makes the demo records; agencies the office already has (by folded name) are
// used instead of adding twins.
func build(today data.Date, own string, existing []*data.Agency) *builder {
	b := &builder{today: today, own: own, assoc: map[string]*data.Association{}, agency: map[string]*data.Agency{}, known: map[string]*data.Agency{}}
	for _, a := range existing {
		b.known[data.Fold(a.Name)] = a
	}
	b.offices()
	b.associations()
	b.agencies()
	b.directives()
	return b
}

func (b *builder) offices() {
	abolished := data.MustDate("30/06/2025")
	reform := data.MustDate("01/07/2025")
	for _, o := range []*data.Office{
		{Code: own(b, "DH"), Name: "Thành ủy Đông Hà", Level: data.LevelDistrict, ValidTo: abolished, Place: "Đông Hà"},
		{Code: own(b, "VL"), Name: "Huyện ủy Vĩnh Linh", Level: data.LevelDistrict, ValidTo: abolished, Place: "Vĩnh Linh"},
		{Code: own(b, "HL"), Name: "Huyện ủy Hải Lăng", Level: data.LevelDistrict, ValidTo: abolished, Place: "Hải Lăng"},
		{Code: own(b, "X-DONGHA"), Name: "Đảng ủy phường Đông Hà", Level: data.LevelCommune, ValidFrom: reform, Place: "Đông Hà"},
		{Code: own(b, "X-VINHLINH"), Name: "Đảng ủy xã Vĩnh Linh", Level: data.LevelCommune, ValidFrom: reform, Place: "Vĩnh Linh"},
		{Code: own(b, "X-HAILANG"), Name: "Đảng ủy xã Hải Lăng", Level: data.LevelCommune, ValidFrom: reform, Place: "Hải Lăng"},
	} {
		// As the store writes every office record: the id from its code, owned by
		// itself (other ids were refused by every office the demo sent them to).
		o.Parent, o.ID, o.Office = b.own, data.OfficeID(o.Code), o.Code
		b.add(o)
	}
}

func own(b *builder, suffix string) string { return b.own + "-" + suffix }
