package mitelsim

import (
	"bytes"
	"encoding/json"
)

// obj is a JSON object that keeps its keys in the order the document's
// templates print them (the envelope first), which encoding/json maps do
// not.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// set replaces a key's value or appends it.
func (o obj) set(k string, v any) obj {
	for i := range o {
		if o[i].k == k {
			o[i].v = v
			return o
		}
	}
	return append(o, kv{k, v})
}

// without drops keys.
func (o obj) without(keys ...string) obj {
	out := make(obj, 0, len(o))
	for _, f := range o {
		drop := false
		for _, k := range keys {
			drop = drop || f.k == k
		}
		if !drop {
			out = append(out, f)
		}
	}
	return out
}

// withSeq returns the object with "sequence" after "version" (or first).
func (o obj) withSeq(seq uint32) obj {
	out := make(obj, 0, len(o)+1)
	placed := false
	for _, f := range o {
		if f.k == "sequence" {
			continue
		}
		out = append(out, f)
		if f.k == "version" && !placed {
			out = append(out, kv{"sequence", seq})
			placed = true
		}
	}
	if !placed {
		out = append(obj{{"sequence", seq}}, out...)
	}
	return out
}
