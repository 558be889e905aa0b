package store_test

import "github.com/google/uuid"

func uuid7(s string) (int, error) {
	u, err := uuid.Parse(s)
	return int(u.Version()), err
}
