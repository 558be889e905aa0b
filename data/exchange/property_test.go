package exchange

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Three offices (a province and two districts) make random edits and deletions and
// exchange bundles in random order, with duplicates and losses (lost data is re-sent
// by later bundles). In the end every office that has seen the same changes is in the
// same state, and no version is lost from history.
func TestConvergence(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) { convergence(t, seed, 120) })
	}
}

type mail struct {
	to   *store.Store
	path string
}

func convergence(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(seed, seed*7919))
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	b := office(t, "QT-B", "QT", data.LevelDistrict)
	link(t, p, a)
	link(t, p, b)
	offices := []*store.Store{p, a, b}
	links := [][2]*store.Store{{a, p}, {p, a}, {b, p}, {p, b}}
	var pending []mail

	live := func(s *store.Store) []*data.Association {
		list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
		require.NoError(t, err)
		return list
	}
	for step := range steps {
		s := offices[rnd.IntN(3)]
		switch op := rnd.IntN(10); {
		case op < 3:
			x := assoc(fmt.Sprintf("Hội %s số %d", s.Office(), step))
			require.NoError(t, s.Create(ctx, x, store.AllowNearDuplicate))
		case op < 6:
			if list := live(s); len(list) > 0 {
				x := list[rnd.IntN(len(list))]
				x.Phone = fmt.Sprintf("%s-%d", s.Office(), step)
				require.NoError(t, s.Update(ctx, x, store.AllowNearDuplicate))
			}
		case op < 7:
			if list := live(s); len(list) > 0 {
				require.NoError(t, s.Delete(ctx, data.KindAssociation, list[rnd.IntN(len(list))].ID))
			}
		case op < 8 && s == p:
			d := &data.Directive{Number: fmt.Sprintf("%d-CV/TU", step+1), Date: data.MustDate("01/11/2026"), Issuer: "BTV", Summary: "Chỉ đạo"}
			require.NoError(t, p.Create(ctx, d))
		default:
			l := links[rnd.IntN(len(links))]
			res, err := Export(ctx, l[0], l[1].Office(), t.TempDir(), false)
			require.NoError(t, err)
			m := mail{l[1], res.Path}
			switch r := rnd.IntN(10); {
			case r < 1: // lost
			case r < 2: // duplicated
				pending = append(pending, m, m)
			default:
				pending = append(pending, m)
			}
		}
		// Deliver some pending bundles, in random order.
		for len(pending) > 0 && rnd.IntN(3) == 0 {
			i := rnd.IntN(len(pending))
			m := pending[i]
			pending = append(pending[:i], pending[i+1:]...)
			receive(t, m.to, m.path)
		}
	}
	rnd.Shuffle(len(pending), func(i, j int) { pending[i], pending[j] = pending[j], pending[i] })
	for _, m := range pending {
		receive(t, m.to, m.path)
	}
	// Settle: the districts send up, the province sends down, twice.
	for range 2 {
		for _, l := range links {
			receive(t, l[1], send(t, l[0], l[1].Office()))
		}
	}

	// Same state: each district's associations, and the directives, everywhere they go.
	owned := func(s *store.Store, owner string) map[string]string {
		out := map[string]string{}
		for id, v := range state(t, s, data.KindAssociation) {
			r, _ := s.Load(ctx, data.KindAssociation, id)
			if data.MetaOf(r).Office == owner {
				out[id] = v
			}
		}
		return out
	}
	for _, d := range []*store.Store{a, b} {
		require.Equal(t, owned(p, d.Office()), owned(d, d.Office()), "%s's associations agree with the province", d.Office())
		require.Equal(t, state(t, p, data.KindDirective), state(t, d, data.KindDirective), "directives agree")
	}
	// No version lost: the province holds every version any office wrote of any
	// association, and each district every version of its own.
	all := versions(t, p, data.KindAssociation)
	for _, d := range []*store.Store{a, b} {
		for v := range versions(t, d, data.KindAssociation) {
			require.True(t, all[v], "version %s from %s is at the province", v, d.Office())
		}
	}
	// And each district holds every version of its own associations the province has.
	for _, d := range []*store.Store{a, b} {
		have := versions(t, d, data.KindAssociation)
		err := p.EachChanged(ctx, 0, 1<<62, func(kind data.Kind, owner string, vs []jsonRaw) error {
			if kind != data.KindAssociation || owner != d.Office() {
				return nil
			}
			for _, v := range vs {
				var m struct{ HLC string }
				jsonUnmarshal(v, &m)
				require.True(t, have[m.HLC], "version %s of %s's record reached it", m.HLC, d.Office())
			}
			return nil
		})
		require.NoError(t, err)
	}
	cs, _ := p.Conflicts(ctx)
	t.Logf("%d versions, %d open conflicts at the province", len(all), len(cs))
}
