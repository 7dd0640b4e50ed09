package sjson

// Added by mediaflow (scripts/lib/ferretdb-build.mjs, patch 5): Unmarshal in one pass.
//
// The published Unmarshal (renamed unmarshalPublished by the build) decodes a stored document level by
// level: encoding/json reads the whole document into raw messages, then each nested document, array and
// scalar again with a new json.Decoder of its own, and the `$s` schema through reflection. A job document
// (two stages, each a nested document in an array) cost about 250 us to decode, so reading a scan's 500
// child jobs took 150-185 ms and the decoding was 38 % of the store's CPU over a 100,000-file scan.
//
// This parses the document once (valyala/fastjson, which builds a tree of the JSON without reflection)
// and walks the data and its schema together. It keeps the published function's rules: every value
// `null` is Null whatever the schema says; a nested document or array needs its schema; the schema's keys
// and the data's fields must match in number and name; numbers are read from their JSON text with the
// same strconv calls encoding/json makes for each Go type (so the same texts are accepted or refused);
// binary data is standard base64. FerretDB's own sjson tests run against it (they call Unmarshal), and
// mediaflow_unmarshal_test.go compares it with the published one on every document those tests use.

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/valyala/fastjson"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// parsers are reused: a parser's tree is valid until its next parse, and every value is copied out of it.
var parsers fastjson.ParserPool

// Unmarshal decodes the top-level document, using the schema in its `$s` field. Data the one-pass
// decoder refuses goes to the published decoder, so that malformed data gets the same error it always got
// (or, should the two ever disagree on what is valid, the published decoder's result).
func Unmarshal(data []byte) (*types.Document, error) {
	if doc, err := unmarshalOnePass(data); err == nil {
		return doc, nil
	}

	return unmarshalPublished(data)
}

func unmarshalOnePass(data []byte) (*types.Document, error) {
	p := parsers.Get()
	defer parsers.Put(p)

	v, err := p.ParseBytes(data)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	obj, err := v.Object()
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	sch := obj.Get("$s")
	if sch == nil {
		return nil, lazyerrors.Errorf("schema is not set")
	}

	return decodeDocument(obj, sch, obj.Len()-1)
}

// decodeDocument decodes the `fields` data fields of obj (the top level also holds `$s`) by schema sch.
func decodeDocument(obj *fastjson.Object, sch *fastjson.Value, fields int) (*types.Document, error) {
	if !hasOnlyKeys(sch, "p", "$k") {
		return nil, lazyerrors.Errorf("sjson.Unmarshal: a document schema that is not {p, $k}")
	}

	keys := sch.GetArray("$k")
	properties := sch.GetObject("p")

	if len(keys) != fields {
		return nil, lazyerrors.Errorf("sjson.Unmarshal: %d keys in the schema, %d fields in the document", len(keys), fields)
	}

	d := types.MakeDocument(len(keys))

	for _, k := range keys {
		kb, err := k.StringBytes()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		key := string(kb)

		b := obj.Get(key)
		if b == nil {
			return nil, lazyerrors.Errorf("sjson.Unmarshal: missing key %q", key)
		}

		var e *fastjson.Value
		if properties != nil {
			e = properties.Get(key)
		}

		value, err := decodeValue(b, e)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		d.Set(key, value)
	}

	return d, nil
}

// decodeValue decodes one value by its schema element e, as unmarshalSingleValue does.
func decodeValue(v *fastjson.Value, e *fastjson.Value) (any, error) {
	if v.Type() == fastjson.TypeNull {
		return types.Null, nil
	}

	if e == nil || !hasOnlyKeys(e, "t", "$s", "o", "i", "s") {
		return nil, lazyerrors.Errorf("schema is not set or has unknown fields")
	}

	switch t := string(e.GetStringBytes("t")); elemType(t) {
	case elemTypeObject:
		sch := e.Get("$s")
		if sch == nil || sch.Type() != fastjson.TypeObject {
			return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: schema is not set")
		}

		obj, err := v.Object()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		if obj.Len() == 0 {
			return must.NotFail(types.NewDocument()), nil
		}

		return decodeDocument(obj, sch, obj.Len())

	case elemTypeArray:
		values, err := v.Array()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		items := e.GetArray("i")
		if len(items) != len(values) {
			return nil, lazyerrors.Errorf("sjson.arrayType.UnmarshalJSON: %d elements in schema, %d in total", len(items), len(values))
		}

		a := types.MakeArray(len(values))

		for i, item := range values {
			value, err := decodeValue(item, items[i])
			if err != nil {
				return nil, lazyerrors.Error(err)
			}

			a.Append(value)
		}

		return a, nil

	case elemTypeDouble:
		text, err := numberText(v)
		if err != nil {
			return nil, err
		}

		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return f, nil

	case elemTypeString:
		s, err := v.StringBytes()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return string(s), nil

	case elemTypeBinData:
		s, err := v.StringBytes()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))

		n, err := base64.StdEncoding.Decode(b, s)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		subtype := e.Get("s")
		if subtype == nil {
			return nil, lazyerrors.Errorf("binary subtype in the schema is nil")
		}

		st, err := strconv.ParseUint(subtype.String(), 10, 8)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return types.Binary{B: b[:n], Subtype: types.BinarySubtype(st)}, nil

	case elemTypeObjectID:
		s, err := v.StringBytes()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		var id types.ObjectID
		if hex.DecodedLen(len(s)) != len(id) {
			return nil, lazyerrors.Errorf("sjson.objectIDType.UnmarshalJSON: %d bytes", hex.DecodedLen(len(s)))
		}

		if _, err = hex.Decode(id[:], s); err != nil {
			return nil, lazyerrors.Error(err)
		}

		return id, nil

	case elemTypeBool:
		b, err := v.Bool()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return b, nil

	case elemTypeDate:
		ms, err := parseInt(v, 64)
		if err != nil {
			return nil, err
		}

		return time.UnixMilli(ms), nil

	case elemTypeRegex:
		s, err := v.StringBytes()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		options := e.Get("o")
		if options == nil {
			return nil, lazyerrors.Errorf("regex options is nil")
		}

		o, err := options.StringBytes()
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return types.Regex{Pattern: string(s), Options: string(o)}, nil

	case elemTypeInt:
		i, err := parseInt(v, 32)
		if err != nil {
			return nil, err
		}

		return int32(i), nil

	case elemTypeTimestamp:
		text, err := numberText(v)
		if err != nil {
			return nil, err
		}

		u, err := strconv.ParseUint(text, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return types.Timestamp(u), nil

	case elemTypeLong:
		return parseInt(v, 64)

	case elemTypeNull:
		return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: expected null, got %s", v.String())

	default:
		return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: unhandled type %q", t)
	}
}

// numberText is a JSON number's own text (fastjson keeps it), for the strconv call encoding/json would make.
func numberText(v *fastjson.Value) (string, error) {
	if v.Type() != fastjson.TypeNumber {
		return "", lazyerrors.Errorf("sjson: expected a number, got %s", v.Type())
	}

	return v.String(), nil
}

func parseInt(v *fastjson.Value, bits int) (int64, error) {
	text, err := numberText(v)
	if err != nil {
		return 0, err
	}

	i, err := strconv.ParseInt(text, 10, bits)
	if err != nil {
		return 0, lazyerrors.Error(err)
	}

	return i, nil
}

// hasOnlyKeys is true when v is an object whose keys are among allowed (the published decoder reads
// schemas with DisallowUnknownFields).
func hasOnlyKeys(v *fastjson.Value, allowed ...string) bool {
	obj, err := v.Object()
	if err != nil {
		return false
	}

	ok := true

	obj.Visit(func(key []byte, _ *fastjson.Value) {
		for _, a := range allowed {
			if string(key) == a {
				return
			}
		}

		ok = false
	})

	return ok
}
