package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"qlhoi/data"
	"qlhoi/reports/sign"
)

// register lists the issued-documents register and cancels a wrongly issued number.
func (c *cli) register(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("register cần một lệnh con: list, cancel.")
	}
	switch args[0] {
	case "list":
		fs := c.flags("register list")
		asJSON := fs.Bool("json", false, "")
		if _, err := parse(fs, args[1:]); err != nil {
			return err
		}
		s, err := c.open(ctx, true)
		if err != nil {
			return err
		}
		docs, err := s.IssuedDocuments(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return c.json(docs)
		}
		w := c.table()
		fmt.Fprintln(w, "ID\tSố\tNgày\tLoại\tTrích yếu\tGhi chú")
		for _, d := range docs {
			note := ""
			if d.Cancelled {
				note = "ĐÃ HỦY " + d.CancelNote
			}
			for _, sg := range d.Signatures {
				note = strings.TrimSpace(fmt.Sprintf("%s ký số (%s): %s lúc %s", note, roleLabel(sign.Role(sg.Role)), sg.Signer, sg.When().In(data.Vietnam).Format("15:04 02/01/2006")))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Symbol, d.Date, d.DocType, data.Shorten(d.Subject, 50), note)
		}
		return w.Flush()
	case "cancel":
		var reason *string
		s, d, err := registerCommands.one(ctx, c, "cancel", args[1:], false, func(fs *flag.FlagSet) { reason = fs.String("reason", "", "") })
		if err != nil {
			return err
		}
		if _, err := s.CancelIssued(ctx, d.ID, *reason); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã hủy số %s ngày %s; số này không được cấp lại.\n", d.Symbol, d.Date)
		return nil
	}
	return usageError("register không có lệnh con “%s”.", args[0])
}

var registerCommands = kindCommands[data.IssuedDocument, *data.IssuedDocument]{
	name: "register", noun: "văn bản đi",
	title: func(d *data.IssuedDocument) string { return d.Symbol },
}
