package data

import (
	"regexp"
	"strings"
)

// Level is the administrative level of an office.
type Level string

// Levels. Offices form a tree of any depth; the level names the tier, not the depth.
const (
	LevelProvince Level = "tinh"
	LevelDistrict Level = "huyen" // abolished on 01/07/2025, kept for older records
	LevelCommune  Level = "xa"
)

// Label is the Vietnamese name of the level.
func (l Level) Label() string {
	switch l {
	case LevelProvince:
		return "Tỉnh"
	case LevelDistrict:
		return "Huyện"
	case LevelCommune:
		return "Xã"
	}
	return string(l)
}

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	return l == LevelProvince || l == LevelDistrict || l == LevelCommune
}

// Office (đơn vị) is an installation's own office or one it exchanges with.
type Office struct {
	Meta
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Parent string `json:"parent,omitempty"` // code of the parent office
	// Place is the place name written before the date in documents ("Quảng Trị").
	Place string `json:"place,omitempty"`
	// ValidFrom and ValidTo bound the office's existence, so an abolished district
	// stays attributable.
	ValidFrom Date `json:"valid_from"`
	ValidTo   Date `json:"valid_to"`
}

// Kind implements Record.
func (*Office) Kind() Kind { return KindOffice }

// OfficeCodePattern is the form of an office code (QT, QT-GL, …).
var OfficeCodePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]{0,31}$`)

// PartyBody says whether the office is a Party committee or one of its agencies
// (Đảng ủy xã, Ban Dân vận Tỉnh ủy, Huyện ủy …): its documents follow the Party's
// format (HD 36-HD/VPTW), not the State's (NĐ 30/2020).
func (o *Office) PartyBody() bool {
	name := " " + Fold(o.Name) + " "
	for _, w := range []string{" dang uy ", " dang bo ", " tinh uy ", " huyen uy ", " thanh uy ", " thi uy ", " quan uy ", " chi bo "} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func (o *Office) Clean() {
	o.Code = Clean(o.Code)
	o.Name = Clean(o.Name)
	o.Parent = Clean(o.Parent)
	o.Place = Clean(o.Place)
}

// Validate checks the office's own rules.
func (o *Office) Validate() error {
	var p Problems
	if o.Code == "" {
		p.Add("ErrOfficeCodeRequired", "code", "Chưa nhập mã đơn vị.")
	} else if !OfficeCodePattern.MatchString(o.Code) {
		p.Add("ErrOfficeCodeInvalid", "code", "Mã đơn vị chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch (tối đa 32 ký tự), ví dụ QT hoặc QT-DH.")
	}
	if o.Name == "" {
		p.Add("ErrOfficeNameRequired", "name", "Chưa nhập tên đơn vị.")
	}
	if !o.Level.Valid() {
		p.Add("ErrOfficeLevelInvalid", "level", "Cấp đơn vị phải là tỉnh, huyện hoặc xã.")
	}
	if o.Parent != "" && o.Parent == o.Code {
		p.Add("ErrOfficeParentSelf", "parent", "Đơn vị không thể là cấp trên của chính nó.")
	}
	if !o.ValidFrom.IsZero() && !o.ValidTo.IsZero() && o.ValidTo.Before(o.ValidFrom) {
		p.Add("ErrDatesOrder", "valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu.")
	}
	return p.Err()
}

// ActiveOn reports whether the office existed on day d.
func (o *Office) ActiveOn(d Date) bool {
	return (o.ValidFrom.IsZero() || !d.Before(o.ValidFrom)) && (o.ValidTo.IsZero() || !d.After(o.ValidTo))
}

func (o *Office) Columns() []Column {
	return []Column{{"code", o.Code}, {"parent", o.Parent}, {"level", string(o.Level)}}
}

// CheckOwn applies the rules of an installation's own office beyond an office
// record's: below the province it must name its parent, so exchange knows its scope.
func (o *Office) CheckOwn() error {
	if o.Level != LevelProvince && Clean(o.Parent) == "" {
		return Problems{{Code: "ErrParentRequired", Field: "parent", Message: "Đơn vị cấp huyện, cấp xã phải ghi mã đơn vị cấp trên (ví dụ QT), để trao đổi dữ liệu đúng phạm vi."}}
	}
	return nil
}
