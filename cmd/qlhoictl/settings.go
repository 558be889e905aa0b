package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"qlhoi/data"
	"qlhoi/data/store"
)

// settingsUsage names the keys `settings set` takes.
const settingsUsage = "superior, issuer, symbol, authority, party_term_start, signer, signer_title, profile, due_soon_days, term_months, keep_backups"

// settings prints the office's settings (`settings`) or changes them (`settings set
// KHÓA=GIÁ_TRỊ…`), as Cài đặt in the window does.
func (c *cli) settings(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		return c.setSettings(ctx, args[1:])
	}
	if _, err := parse(c.flags("settings"), args); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	d, err := s.DocumentSettings(ctx)
	if err != nil {
		return err
	}
	get := func(k string) string { v, _ := s.Setting(ctx, k); return v }
	start := ""
	if !d.PartyTermStart.IsZero() {
		start = d.PartyTermStart.String()
	}
	for _, l := range [][2]string{
		{"Cơ quan chủ quản (superior)", d.Superior}, {"Cơ quan ban hành (issuer)", d.Issuer}, {"Ký hiệu cơ quan (symbol)", d.Symbol},
		{"Thẩm quyền ký (authority)", d.Authority}, {"Người ký (signer)", get(store.SettingSigner)}, {"Chức vụ người ký (signer_title)", get(store.SettingSignerTitle)},
		{"Ngày bắt đầu nhiệm kỳ cấp ủy (party_term_start)", start}, {"Thể thức văn bản (profile)", get(store.SettingProfile)},
		{"Cảnh báo sắp đến hạn trước, ngày (due_soon_days)", strconv.Itoa(s.IntSetting(ctx, store.SettingDueSoonDays, data.DefaultDueSoonDays))},
		{"Cảnh báo hết nhiệm kỳ trước, tháng (term_months)", strconv.Itoa(s.IntSetting(ctx, store.SettingTermMonths, 6))},
		{"Số bản sao lưu tự động giữ lại mỗi loại (keep_backups)", strconv.Itoa(s.KeepBackups(ctx))},
	} {
		if l[1] == "" {
			l[1] = "(chưa đặt)"
		}
		fmt.Fprintf(c.out, "%s: %s\n", l[0], l[1])
	}
	return nil
}

// setSettings checks every value given before it stores any.
func (c *cli) setSettings(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("settings set cần ít nhất một KHÓA=GIÁ_TRỊ (khóa: %s).", settingsUsage)
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	d, err := s.DocumentSettings(ctx)
	if err != nil {
		return err
	}
	plain := map[string]string{} // setting key → value
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			return usageError("“%s” không có dạng KHÓA=GIÁ_TRỊ.", a)
		}
		switch k {
		case "superior":
			d.Superior = v
		case "issuer":
			d.Issuer = v
		case "symbol":
			d.Symbol = v
		case "authority":
			d.Authority = v
		case "party_term_start":
			if d.PartyTermStart, err = data.ParseDate(v); err != nil {
				return err
			}
		case "signer":
			plain[store.SettingSigner] = v
		case "signer_title":
			plain[store.SettingSignerTitle] = v
		case "profile":
			if v != "state" && v != "party" {
				return &exitError{1, "profile là state (văn bản hành chính, NĐ 30/2020) hoặc party (văn bản Đảng, HD 36-HD/VPTW).", nil}
			}
			plain[store.SettingProfile] = v
		case "due_soon_days", "term_months":
			n, err := store.ParseAlertSpan(v)
			if err != nil {
				return &exitError{1, fmt.Sprintf("%s là một số từ 1 đến 365.", k), nil}
			}
			plain[map[string]string{"due_soon_days": store.SettingDueSoonDays, "term_months": store.SettingTermMonths}[k]] = strconv.Itoa(n)
		case "keep_backups":
			n, err := store.ParseKeepBackups(v)
			if err != nil {
				return err
			}
			plain[store.SettingKeepBackups] = strconv.Itoa(n)
		default:
			return usageError("không có khóa cài đặt “%s” (khóa: %s).", k, settingsUsage)
		}
	}
	if err := d.Check(s.Today()); err != nil {
		return err
	}
	if err := s.SetDocumentSettings(ctx, d); err != nil {
		return err
	}
	keys := make([]string, 0, len(plain))
	for k := range plain {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := s.SetSetting(ctx, k, plain[k]); err != nil {
			return err
		}
	}
	fmt.Fprintln(c.out, "Đã lưu cài đặt.")
	return nil
}
