package store

import (
	"qlhoi/data"
)

// parentOf is the kind and id of the record r belongs to ("" when none).
func parentOf(r data.Record) (data.Kind, string) {
	i, ok := data.Info(r.Kind())
	if !ok || i.ParentID == nil {
		return "", ""
	}
	return i.Parent, i.ParentID(r)
}
