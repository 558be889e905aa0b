package app

import (
	"encoding/json"
	"io"
)

func jsonMarshal(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }

// readAllLimited reads a small file (an office card) without trusting its size.
func readAllLimited(r io.Reader) ([]byte, error) { return io.ReadAll(io.LimitReader(r, 1<<20)) }
