package data

import (
	"context"
	"iter"
	"slices"
)

// Pipeline calls each for every item of src in order, with work(item) computed on
// another goroutine up to ahead items in front: on two cores the work of one item (decode,
// validate, encode, match) overlaps the writing of the one before. It is the one
// background pipeline of qlhoi's readers — the spreadsheet import, the merge of a bundle.
//
// work runs on the producer's goroutine right after src yields the item, before src
// moves on, so it may copy what src only lends (a scanner's line). src yields an error
// to stop with it. Pipeline stops the producer when each fails or ctx is cancelled, and
// waits for it: nothing runs after it returns.
func Pipeline[T, R any](ctx context.Context, src iter.Seq2[T, error], ahead int, work func(T) R, each func(T, R) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type done struct {
		item T
		res  R
	}
	ch := make(chan done, ahead)
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		for it, err := range src {
			if err != nil {
				errc <- err
				return
			}
			select {
			case ch <- done{it, work(it)}:
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
		}
		errc <- nil
	}()
	for d := range ch {
		if err := each(d.item, d.res); err != nil {
			cancel()
			for range ch { // let the producer see the cancel and stop
			}
			<-errc
			return err
		}
	}
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err() // cancelled after the last item: say so rather than pass for done
}

// Ahead is Pipeline over a slice, a few hundred items ahead.
func Ahead[T, R any](ctx context.Context, items []T, work func(T) R, each func(T, R) error) error {
	return Pipeline(ctx, withNoError(slices.Values(items)), 256, work, each)
}

// withNoError is seq as a sequence that never fails.
func withNoError[T any](seq iter.Seq[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v := range seq {
			if !yield(v, nil) {
				return
			}
		}
	}
}
