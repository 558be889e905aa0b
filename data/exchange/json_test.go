package exchange

import "encoding/json"

type jsonRaw = json.RawMessage

func jsonUnmarshal(b []byte, v any) { _ = json.Unmarshal(b, v) }
