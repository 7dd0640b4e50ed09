package sjson

// Added by mediaflow: the one-pass decoder against the published one; npm test runs it (testFerretdbPatches in scripts/lib/ferretdb-build.mjs).

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// mediaflowDocuments hold every type sjson stores, nested, empty, at their limits, and a job document.
func mediaflowDocuments() map[string]*types.Document {
	doc := func(pairs ...any) *types.Document { return must.NotFail(types.NewDocument(pairs...)) }
	arr := func(values ...any) *types.Array { return must.NotFail(types.NewArray(values...)) }
	id := types.ObjectID{0x6b, 0x12, 0x35, 0xbf, 0xbb, 0x5b, 0xa1, 0x3b, 0xae, 0x8e, 0x09, 0x5e}
	stage := func(name string) *types.Document {
		return doc("name", name, "status", "pending", "total", types.Null, "totalKnown", false, "done", int32(0), "failed", int32(0), "skipped", int32(0))
	}

	return map[string]*types.Document{
		"scalars": doc(
			"_id", id,
			"string", "plain", "escaped", "quote \" backslash \\ tab \t newline \n nul \x00 <&> \u2028 é 日本 🎞",
			"empty", "",
			"true", true, "false", false,
			"null", types.Null,
			"int32", int32(-7), "int32Max", int32(math.MaxInt32), "int32Min", int32(math.MinInt32),
			"int64", int64(1)<<53+1, "int64Max", int64(math.MaxInt64), "int64Min", int64(math.MinInt64),
			"double", 1.5, "doubleNegZero", math.Copysign(0, -1), "doubleTiny", 5e-324, "doubleHuge", 1.7976931348623157e308,
			"doubleWhole", float64(3), "doubleThird", 1.0/3,
			"date", time.UnixMilli(1796355587305), "dateBefore1970", time.UnixMilli(-86_400_001),
			"timestamp", types.Timestamp(math.MaxUint64), "timestampZero", types.Timestamp(0),
			"binary", types.Binary{B: []byte{0, 1, 2, 255}, Subtype: types.BinaryUser},
			"binaryEmpty", types.Binary{B: []byte{}, Subtype: types.BinaryGeneric},
			"regex", types.Regex{Pattern: `^a.*\d$`, Options: "im"},
			"regexNoOptions", types.Regex{Pattern: "x"},
		),
		"nested": doc(
			"_id", "string id",
			"emptyDoc", doc(),
			"emptyArray", arr(),
			"arrayOfMixed", arr(int32(1), "two", types.Null, doc("three", 3.0), arr(arr(), int64(4))),
			"deep", doc("a", doc("b", doc("c", arr(doc("d", true))))),
			"sameKeyAtLevels", doc("k", doc("k", "inner"), "j", "outer"),
		),
		"job": doc(
			"_id", id, "type", "collection-scan", "status", "pending", "parentId", id, "libraryId", id,
			"params", doc("collectionId", "6b1235bfbb5ba13bae8e095d"), "description", "Render year-1/album-21",
			"stages", arr(stage("thumbnail"), stage("cache")), "failureSample", arr(), "revision", int32(3),
			"createdAt", time.UnixMilli(1796355519167), "updatedAt", time.UnixMilli(1796355519201),
		),
	}
}

func TestMediaflowUnmarshalMatchesPublished(t *testing.T) {
	t.Parallel()

	for name, d := range mediaflowDocuments() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			data, err := Marshal(d)
			require.NoError(t, err)

			expected, err := unmarshalPublished(data)
			require.NoError(t, err)

			actual, err := unmarshalOnePass(data)
			require.NoError(t, err, "the one-pass decoder must not fall back on a stored document")
			assert.Equal(t, expected, actual)
			assert.Equal(t, d.Keys(), actual.Keys())
		})
	}
}

// TestMediaflowUnmarshalRefusesWhatPublishedRefuses: data the one-pass decoder reads differently from the
// published one must not get a result of its own.
func TestMediaflowUnmarshalRefusesWhatPublishedRefuses(t *testing.T) {
	t.Parallel()

	for name, data := range map[string]string{
		"unknownSchemaField": `{"$s":{"p":{"a":{"t":"string"}},"$k":["a"],"x":1},"a":"b"}`,
		"unknownElemField":   `{"$s":{"p":{"a":{"t":"string","x":1}},"$k":["a"]},"a":"b"}`,
		"duplicateField":     `{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1,"a":2}`,
		"int32Overflow":      `{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":2147483648}`,
		"fractionalLong":     `{"$s":{"p":{"a":{"t":"long"}},"$k":["a"]},"a":1.5}`,
		"oddObjectID":        `{"$s":{"p":{"a":{"t":"objectId"}},"$k":["a"]},"a":"6b1235bfbb5ba13bae8e095"}`,
		"nullNestedSchema":   `{"$s":{"p":{"a":{"t":"object","$s":null}},"$k":["a"]},"a":{}}`,
		"unknownType":        `{"$s":{"p":{"a":{"t":"decimal"}},"$k":["a"]},"a":1}`,
		"trailingData":       `{"$s":{"p":{},"$k":[]}}x`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			_, err := unmarshalOnePass([]byte(data))
			assert.Error(t, err)

			expected, expectedErr := unmarshalPublished([]byte(data))
			actual, actualErr := Unmarshal([]byte(data))
			assert.Equal(t, expected, actual)
			assert.Equal(t, expectedErr, actualErr)
		})
	}
}

func BenchmarkMediaflowUnmarshalJob(b *testing.B) {
	data := must.NotFail(Marshal(mediaflowDocuments()["job"]))

	b.Run("published", func(b *testing.B) {
		for range b.N {
			must.NotFail(unmarshalPublished(data))
		}
	})

	b.Run("onePass", func(b *testing.B) {
		for range b.N {
			must.NotFail(unmarshalOnePass(data))
		}
	})
}
