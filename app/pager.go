package app

// pageSize is how many rows a long list loads at a time.
const pageSize = 100

// pager holds a long list (20,000 associations, 200,000 tasks) a page at a time: only
// the pages the list widget draws are loaded from the store.
type pager[T any] struct {
	fetch func(offset, limit int) ([]T, int, error)
	pages map[int][]T
	total int
}

// reset drops the loaded pages and loads the first, with the total.
func (p *pager[T]) reset() error {
	p.pages = map[int][]T{}
	first, total, err := p.fetch(0, pageSize)
	if err != nil {
		p.total = 0
		return err
	}
	p.pages[0], p.total = first, total
	return nil
}

// row returns row i, loading its page on demand.
func (p *pager[T]) row(i int) (T, bool) {
	var zero T
	n := i / pageSize
	page, ok := p.pages[n]
	if !ok {
		var err error
		if page, _, err = p.fetch(n*pageSize, pageSize); err != nil {
			return zero, false
		}
		p.pages[n] = page
	}
	if j := i % pageSize; j < len(page) {
		return page[j], true
	}
	return zero, false
}
