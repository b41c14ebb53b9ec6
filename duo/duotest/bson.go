package duotest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
)

// Duo's legacy /rest/v1 API, which duo_unix up to 1.11.x (Debian 12's
// login_duo) speaks, answers in BSON. The handlers write JSON as everywhere
// else; bsonWriter re-encodes it, keeping the key order.

// jsonToBSON converts a JSON object to a BSON document.
func jsonToBSON(js []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("BSON needs a JSON object")
	}
	return bsonDocument(dec, '}')
}

// bsonDocument reads the members of an object (end '}') or the elements of
// an array (end ']', keyed "0", "1", …) whose opening token was consumed.
func bsonDocument(dec *json.Decoder, end json.Delim) ([]byte, error) {
	var body bytes.Buffer
	for i := 0; ; i++ {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if tok == end {
			break
		}
		key := strconv.Itoa(i)
		if end == '}' {
			key = tok.(string)
			if tok, err = dec.Token(); err != nil {
				return nil, err
			}
		}
		if err := bsonElement(&body, dec, key, tok); err != nil {
			return nil, err
		}
	}
	out := make([]byte, 4, body.Len()+5)
	binary.LittleEndian.PutUint32(out, uint32(body.Len()+5))
	out = append(out, body.Bytes()...)
	return append(out, 0), nil
}

func bsonElement(b *bytes.Buffer, dec *json.Decoder, key string, tok json.Token) error {
	head := func(t byte) {
		b.WriteByte(t)
		b.WriteString(key)
		b.WriteByte(0)
	}
	switch v := tok.(type) {
	case json.Delim:
		sub, err := bsonDocument(dec, map[json.Delim]json.Delim{'{': '}', '[': ']'}[v])
		if err != nil {
			return err
		}
		if v == '[' {
			head(0x04)
		} else {
			head(0x03)
		}
		b.Write(sub)
	case string:
		head(0x02)
		binary.Write(b, binary.LittleEndian, int32(len(v)+1))
		b.WriteString(v)
		b.WriteByte(0)
	case json.Number:
		if n, err := v.Int64(); err == nil && n >= math.MinInt32 && n <= math.MaxInt32 {
			head(0x10)
			binary.Write(b, binary.LittleEndian, int32(n))
		} else if err == nil {
			head(0x12)
			binary.Write(b, binary.LittleEndian, n)
		} else {
			f, _ := v.Float64()
			head(0x01)
			binary.Write(b, binary.LittleEndian, f)
		}
	case bool:
		head(0x08)
		if v {
			b.WriteByte(1)
		} else {
			b.WriteByte(0)
		}
	case nil:
		head(0x0A)
	}
	return nil
}

// bsonWriter buffers a JSON answer and sends it as BSON.
type bsonWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (w *bsonWriter) WriteHeader(code int)        { w.status = code }
func (w *bsonWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func (w *bsonWriter) flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	b, err := jsonToBSON(w.buf.Bytes())
	if err != nil {
		// Not JSON (a PNG, a page): pass it through unchanged.
		w.ResponseWriter.WriteHeader(w.status)
		w.ResponseWriter.Write(w.buf.Bytes())
		return
	}
	writeRaw(w.ResponseWriter, w.status, "application/bson", b)
}
