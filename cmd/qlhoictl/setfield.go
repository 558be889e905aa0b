package main

import (
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"qlhoi/data"
)

var dateType = reflect.TypeOf(data.Date{})

// setField sets the field named by its JSON path ("phone", "founding.number") of a
// record from text typed on the command line. Metadata (id, version, times) is not
// settable.
func setField(rec any, path, value string) error {
	fields := settableFields(reflect.TypeOf(rec).Elem(), "")
	idx, ok := fields[path]
	if !ok {
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)
		return usageError("không có trường “%s”. Các trường có thể sửa: %s.", path, strings.Join(names, ", "))
	}
	v := reflect.ValueOf(rec).Elem().FieldByIndex(idx)
	switch {
	case v.Type() == dateType:
		d, err := data.ParseDate(value)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(d))
	case v.Kind() == reflect.String:
		v.SetString(value)
	case v.Kind() == reflect.Int || v.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(value), ".", ""), 10, 64)
		if err != nil {
			return &exitError{1, fmt.Sprintf("trường %s cần một số nguyên, không phải “%s”.", path, value), nil}
		}
		v.SetInt(n)
	case v.Kind() == reflect.Bool:
		switch strings.ToLower(strings.TrimSpace(value)) {
		case "true", "1", "co", "có", "x":
			v.SetBool(true)
		case "false", "0", "khong", "không", "":
			v.SetBool(false)
		default:
			return &exitError{1, fmt.Sprintf("trường %s cần “có” hoặc “không”.", path), nil}
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		var list []string
		for _, p := range strings.Split(value, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		v.Set(reflect.ValueOf(list))
	default:
		return &exitError{1, fmt.Sprintf("trường %s không sửa được từ dòng lệnh.", path), nil}
	}
	return nil
}

// settableFields maps JSON paths to field indexes, skipping the embedded metadata.
func settableFields(t reflect.Type, prefix string) map[string][]int {
	out := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if f.Type.Kind() == reflect.Struct && f.Type != dateType {
			for sub, idx := range settableFields(f.Type, prefix+name+".") {
				out[sub] = append([]int{i}, idx...)
			}
			continue
		}
		out[prefix+name] = []int{i}
	}
	return out
}

func readAll(r io.Reader) ([]byte, error) { return io.ReadAll(io.LimitReader(r, 64<<20)) }
