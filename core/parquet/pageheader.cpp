#include "parquet/pageheader.h"

#include "parquet/thriftcompactreader.h"

#include <string>
#include <utility>

namespace studio::parquet {

namespace {

using TR = ThriftCompactReader;

int32_t i32(TR &r, const TR::FieldHeader &f)
{
    if (f.type != TR::I32)
        r.fail("unexpected Thrift type in page header");
    return r.readI32();
}

template<typename Fn>
void readStruct(TR &r, const TR::FieldHeader &outer, Fn &&fn)
{
    if (outer.type != TR::Struct)
        r.fail("unexpected Thrift type in page header");
    r.readStruct(std::forward<Fn>(fn));
}

} // namespace

PageHeader PageHeader::read(ThriftCompactReader &r)
{
    PageHeader h;
    bool haveType = false;
    int sizes = 0;
    r.beginStruct();
    for (;;) {
        const TR::FieldHeader f = r.readFieldHeader();
        if (f.type == TR::Stop)
            break;
        switch (f.id) {
        case 1: h.type = static_cast<PageType>(i32(r, f)); haveType = true; break;
        case 2: h.uncompressedPageSize = i32(r, f); ++sizes; break;
        case 3: h.compressedPageSize = i32(r, f); ++sizes; break;
        case 5:
            h.hasDataPageHeader = true;
            readStruct(r, f, [&](const TR::FieldHeader &g) {
                switch (g.id) {
                case 1: h.numValues = i32(r, g); break;
                case 2: h.encoding = static_cast<Encoding>(i32(r, g)); break;
                case 3: h.definitionLevelEncoding = static_cast<Encoding>(i32(r, g)); break;
                case 4: h.repetitionLevelEncoding = static_cast<Encoding>(i32(r, g)); break;
                default: r.skip(g.type); break;
                }
            });
            break;
        case 7:
            h.hasDictionaryPageHeader = true;
            readStruct(r, f, [&](const TR::FieldHeader &g) {
                switch (g.id) {
                case 1: h.dictionaryNumValues = i32(r, g); break;
                case 2: h.dictionaryEncoding = static_cast<Encoding>(i32(r, g)); break;
                default: r.skip(g.type); break;
                }
            });
            break;
        case 8:
            h.hasDataPageHeader = true;
            readStruct(r, f, [&](const TR::FieldHeader &g) {
                switch (g.id) {
                case 1: h.numValues = i32(r, g); break;
                case 2: h.numNulls = i32(r, g); break;
                case 3: h.numRows = i32(r, g); break;
                case 4: h.encoding = static_cast<Encoding>(i32(r, g)); break;
                case 5: h.definitionLevelsByteLength = i32(r, g); break;
                case 6: h.repetitionLevelsByteLength = i32(r, g); break;
                case 7:
                    if (g.type != TR::BoolTrue && g.type != TR::BoolFalse)
                        r.fail("unexpected Thrift type in page header");
                    h.isCompressed = r.readBool(g);
                    break;
                default: r.skip(g.type); break;
                }
            });
            break;
        default: r.skip(f.type); break;
        }
    }
    r.endStruct();
    if (!haveType || sizes != 2)
        r.fail("page header lacks its type or sizes");
    if (h.uncompressedPageSize < 0 || h.compressedPageSize < 0)
        r.fail("negative page size in page header");
    if (h.numValues < 0 || h.numNulls < 0 || h.numRows < 0 || h.dictionaryNumValues < 0
        || h.definitionLevelsByteLength < 0 || h.repetitionLevelsByteLength < 0)
        r.fail("negative count in page header");
    if ((h.type == PageType::DataPage || h.type == PageType::DataPageV2) && !h.hasDataPageHeader)
        r.fail("data page without its data page header");
    if (h.type == PageType::DictionaryPage && !h.hasDictionaryPageHeader)
        r.fail("dictionary page without its dictionary page header");
    return h;
}

} // namespace studio::parquet
