package store

import (
	"github.com/google/uuid"
)

// isOfficeID tells whether an id has the form of OfficeID's (a name-based UUID, which
// no other record's id has).
func isOfficeID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.Version() == 5
}
