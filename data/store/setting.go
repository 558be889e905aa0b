package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"qlhoi/data"
)

// Setting keys.
const (
	SettingOfficeCode  = "office.code"
	SettingDueSoonDays = "tasks.due_soon_days"
	SettingTermMonths  = "associations.term_alert_months"
	SettingProfile     = "reports.profile" // "state" or "party"
	SettingSigner      = "reports.signer"
	SettingSignerTitle = "reports.signer_title"
	SettingLanguage    = "ui.language"
	SettingTyping      = "ui.typing"     // "telex", "vni", "off"
	SettingToneStyle   = "ui.tone_style" // "old" (hòa) or "new" (hoà)
)

// Setting returns a setting's value, "" if unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: setting %s: %w", key, err)
	}
	return v, nil
}

// IntSetting returns a numeric setting, or def when unset or not a number.
func (s *Store) IntSetting(ctx context.Context, key string, def int) int {
	v, err := s.Setting(ctx, key)
	if err != nil {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return n
}

// SetSetting stores a setting; the change goes to history like any record's.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	value = data.Clean(value)
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.setSettingTx(ctx, tx, key, value) })
}

func (s *Store) setSettingTx(ctx context.Context, tx *sql.Tx, key, value string) error {
	var before sql.NullString
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&before)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: setting %s: %w", key, err)
	}
	now := s.now().Format(timeLayout)
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)", key, value, now); err != nil {
		return fmt.Errorf("store: set %s: %w", key, err)
	}
	var b []byte
	if before.Valid {
		b = []byte(before.String)
	}
	return s.writer(tx, "update").history(ctx, "settings", key, 0, b, []byte(value))
}

// ErrOfficeExists is returned when setting up an office in a database that has one.
var ErrOfficeExists = &data.Error{Code: "ErrOfficeExists", Message: "Cơ sở dữ liệu này đã được thiết lập cho một đơn vị. Hãy dùng tệp cơ sở dữ liệu khác (--db) nếu muốn tạo đơn vị mới."}

// SetUp records this installation's own office: it creates the office record, owned by
// itself, and remembers its code. It fails if an office is already set up.
func (s *Store) SetUp(ctx context.Context, o *data.Office) error {
	if s.office != "" {
		return ErrOfficeExists
	}
	o.Clean()
	if err := data.ValidateRecord(o); err != nil {
		return err
	}
	if err := o.CheckOwn(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var existing string
		if err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingOfficeCode).Scan(&existing); err == nil {
			return ErrOfficeExists
		}
		s.office = o.Code
		o.Office = o.Code
		if err := s.createTx(ctx, tx, o, nil); err != nil {
			return err
		}
		if err := s.createKeysTx(ctx, tx, o.Code); err != nil {
			return err
		}
		return s.setSettingTx(ctx, tx, SettingOfficeCode, o.Code)
	})
	if err != nil {
		s.office = ""
	}
	return err
}

// OwnOffice returns this installation's office record.
func (s *Store) OwnOffice(ctx context.Context) (*data.Office, error) {
	return s.OfficeByCode(ctx, s.office)
}

// OfficeByCode returns the live office with the given code.
func (s *Store) OfficeByCode(ctx context.Context, code string) (*data.Office, error) {
	os, err := queryRecords[data.Office](ctx, s.db, "SELECT body FROM offices WHERE deleted = 0 AND code = ? LIMIT 1", code)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, data.ErrNotFound
	}
	return os[0], nil
}

// Report settings: how the office's documents are headed and signed.
const (
	SettingSuperior       = "reports.superior"         // cơ quan chủ quản: "TỈNH ỦY QUẢNG TRỊ"
	SettingIssuer         = "reports.issuer"           // cơ quan ban hành: "BAN DÂN VẬN"
	SettingSymbol         = "reports.symbol"           // issuer code in numbers: "BDVTU"
	SettingAuthority      = "reports.authority"        // signing authority line: "KT. TRƯỞNG BAN"
	SettingPartyTermStart = "reports.party_term_start" // day the Party committee term began
)

// ParseAlertSpan reads how far ahead a warning comes (SettingDueSoonDays in days,
// SettingTermMonths in months): a whole number from 1 to 365.
func ParseAlertSpan(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 || n > 365 {
		return 0, &data.Error{Code: "ErrAlertSpanInvalid", Message: "Hãy nhập một số từ 1 đến 365."}
	}
	return n, nil
}

// DefaultSymbol is the issuer code documents carry until the office sets its own
// (SettingSymbol): its office code without hyphens.
func DefaultSymbol(officeCode string) string { return strings.ReplaceAll(officeCode, "-", "") }

// DocumentSettings head and sign the office's documents: the two names at the top (the
// superior body, then the issuing body: "TỈNH ỦY QUẢNG TRỊ" / "BAN DÂN VẬN"), the
// issuer's code in document numbers ("BDVTU" in "Số 05-BC/BDVTU"), the signing
// authority line ("KT. TRƯỞNG BAN"), and the day the Party committee's term began
// (reports that count from it). Empty values leave the reports' defaults: no superior
// line, the office's name, its code without hyphens, no authority line.
type DocumentSettings struct {
	Superior, Issuer, Symbol, Authority string
	PartyTermStart                      data.Date
}

// documentKeys are the settings of DocumentSettings, in its order.
var documentKeys = []string{SettingSuperior, SettingIssuer, SettingSymbol, SettingAuthority, SettingPartyTermStart}

// DocumentSettings reads the document settings.
func (s *Store) DocumentSettings(ctx context.Context) (DocumentSettings, error) {
	var vals []string
	for _, k := range documentKeys {
		v, err := s.Setting(ctx, k)
		if err != nil {
			return DocumentSettings{}, err
		}
		vals = append(vals, v)
	}
	start, _ := data.ParseDate(vals[4]) // unset or unreadable: no term start, as the reports read it
	return DocumentSettings{Superior: vals[0], Issuer: vals[1], Symbol: vals[2], Authority: vals[3], PartyTermStart: start}, nil
}

// symbolPattern is an issuer code: capital letters (Đ too) and digits, in groups joined
// by "-" ("BDVTU", "UBND-VX", "ĐU").
var symbolPattern = regexp.MustCompile(`^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$`)

// maxHeadingRunes bounds each name of the heading (the longest real ones are near 60).
const maxHeadingRunes = 150

// Check cleans the settings as any input (one line; the symbol in capitals, without
// spaces) and validates them, on the given day.
func (d *DocumentSettings) Check(today data.Date) error {
	d.Superior, d.Issuer, d.Authority = data.Clean(d.Superior), data.Clean(d.Issuer), data.Clean(d.Authority)
	d.Symbol = strings.ToUpper(strings.ReplaceAll(data.Clean(d.Symbol), " ", ""))
	var p data.Problems
	for _, f := range []struct{ field, label, value string }{{"superior", "Tên cơ quan chủ quản", d.Superior}, {"issuer", "Tên cơ quan ban hành", d.Issuer}, {"authority", "Thẩm quyền ký", d.Authority}} {
		if utf8.RuneCountInString(f.value) > maxHeadingRunes {
			p.Add("ErrHeadingTooLong", f.field, fmt.Sprintf("%s dài quá %d ký tự.", f.label, maxHeadingRunes))
		}
	}
	if d.Symbol != "" && (!symbolPattern.MatchString(d.Symbol) || utf8.RuneCountInString(d.Symbol) > 20) {
		p.Add("ErrSymbolInvalid", "symbol", "Ký hiệu cơ quan chỉ gồm chữ in hoa và chữ số (tối đa 20), các nhóm nối bằng dấu gạch, ví dụ BDVTU, UBND hoặc ĐU; không có dấu cách hay dấu “/”.")
	}
	if !d.PartyTermStart.IsZero() && (d.PartyTermStart.After(today) || d.PartyTermStart.Year() < 1930) {
		p.Add("ErrTermStartInvalid", "party_term_start", fmt.Sprintf("Ngày bắt đầu nhiệm kỳ phải từ năm 1930 đến hôm nay (%s).", today))
	}
	return p.Err()
}

// SetDocumentSettings checks the document settings and stores them together.
func (s *Store) SetDocumentSettings(ctx context.Context, d DocumentSettings) error {
	if err := d.Check(s.Today()); err != nil {
		return err
	}
	start := ""
	if !d.PartyTermStart.IsZero() {
		start = d.PartyTermStart.ISO()
	}
	vals := []string{d.Superior, d.Issuer, d.Symbol, d.Authority, start}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i, k := range documentKeys {
			if err := s.setSettingTx(ctx, tx, k, vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
}
