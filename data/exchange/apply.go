package exchange

import (
	"context"
	"time"

	"qlhoi/data"
	"qlhoi/data/store"
)

// ErrClosed is returned by Preview and Apply after Close.
var ErrClosed = &data.Error{Code: "ErrBundleClosed", Message: "Gói dữ liệu đã đóng. Hãy chọn và kiểm tra lại tệp gói."}

// Preview is what an import would do, per kind and class, with the refused and
// conflicted records and (up to a limit) the changed ones.
type Preview struct {
	Counts   map[data.Kind]map[string]int
	Outcomes []store.Outcome
}

// maxListed bounds the records a preview lists one by one.
const maxListed = 5000

// Preview runs the whole merge in a transaction that is rolled back.
//
// It runs on a snapshot of the database (store.Store.Snapshot), so saves made meanwhile,
// in the window or with qlhoictl, do not wait for it; Apply then refuses if anything
// was written since (ErrChangedSincePreview) and the clerk previews again.
func (b *Bundle) Preview(ctx context.Context) (*Preview, error) {
	p := &Preview{Counts: map[data.Kind]map[string]int{}}
	snap, mark, closeSnap, err := b.s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer closeSnap()
	if err := b.merge(ctx, snap, true, p, nil); err != nil {
		return nil, err
	}
	b.previewed, b.mark = true, mark
	return p, nil
}

// Result is an applied import.
type Result struct {
	Preview
	Receipt store.Receipt
}

// Apply takes an automatic backup, then merges the bundle in one transaction: all or
// nothing, even if the process is killed midway. A repeat changes nothing.
func (b *Bundle) Apply(ctx context.Context) (*Result, error) {
	res := &Result{Preview: Preview{Counts: map[data.Kind]map[string]int{}}}
	if b.Repeat {
		return res, nil
	}
	if b.previewed {
		if changed, err := b.s.Changed(ctx, b.mark); err != nil {
			return nil, err
		} else if changed {
			return nil, store.ErrChangedSincePreview
		}
	}
	backup, err := b.s.AutoBackup(ctx, store.AutoBeforeImport)
	if err != nil {
		return nil, err
	}
	res.Receipt = store.Receipt{Sender: b.Manifest.Sender, Seq: b.Manifest.Seq, BundleID: b.Manifest.BundleID, Hash: b.Hash, Backup: backup}
	err = b.merge(ctx, b.s, false, &res.Preview, &res.Receipt)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// merge merges the bundle into store (the database, or a preview's snapshot of it).
func (b *Bundle) merge(ctx context.Context, db *store.Store, dryRun bool, p *Preview, receipt *store.Receipt) error {
	report := func(out store.Outcome) error {
		if out.Class == store.Waiting {
			return nil // merged again at the end of the bundle
		}
		if p.Counts[out.Kind] == nil {
			p.Counts[out.Kind] = map[string]int{}
		}
		p.Counts[out.Kind][out.Class]++
		if out.Class != store.Unchanged && (len(p.Outcomes) < maxListed || out.Class == store.Refused || out.Class == store.Conflicted) {
			p.Outcomes = append(p.Outcomes, out)
		}
		return nil
	}
	work := func(m *store.Merger) error {
		beforeMerge()
		err := b.received(ctx, func(r *store.Received) error {
			out, err := m.MergeReceived(r)
			if err != nil {
				return err
			}
			return report(out)
		})
		if err != nil {
			return err
		}
		return m.MergeWaiting(report)
	}
	var finish func(m *store.Merger) error
	if receipt != nil {
		finish = func(m *store.Merger) error {
			receipt.Counts = map[string]map[string]int{}
			for k, c := range p.Counts {
				receipt.Counts[string(k)] = c
			}
			receipt.At = b.s.Now().UTC().Format(time.RFC3339)
			return m.SaveReceipt(*receipt, b.Manifest.Received[b.s.Office()])
		}
	}
	return db.Merge(ctx, b.Manifest.Sender, dryRun, work, finish)
}

// beforeMerge runs as a merge starts (tests make it wait or write meanwhile).
var beforeMerge = func() {}

// freeSpace is the free space of a folder (tests make the disk small).
var freeSpace = diskFree

// afterEntry runs after each archive entry is read (tests see what was unpacked).
var afterEntry = func(name string) {}
