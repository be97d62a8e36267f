// Fuzz target: the parquet reader (footer, page headers, every codec and
// encoding) reading everything a user of the library can read. Any input must
// give a ParquetError or a result, never a crash, a hang or a huge allocation.
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/rowrangereader.h"
#include "parquet/rowstreamreader.h"
#include "parquet/stringcolumnreader.h"

#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <vector>

using namespace studio::parquet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        const ParquetFile f = ParquetFile::fromBuffer(std::vector<uint8_t>(data, data + size), "fuzz.parquet");
        // Bounded work per input: a tiny file may claim billions of rows.
        const int64_t rows = std::min<int64_t>(f.numRows(), 20000);
        (void)RowRangeReader(f).read(0, rows);
        std::vector<RowCell> row;
        RowStreamReader stream(f);
        for (int64_t i = 0; i < rows && stream.next(row); ++i) {
        }
        RowStreamReader tail(f, {}, f.numRows() / 2);
        for (int64_t i = 0; i < rows && tail.next(row); ++i) {
        }
        for (size_t c = 0; c < f.schema().columns().size(); ++c) {
            const Column &col = f.schema().columns()[c];
            if (col.kind != Column::Kind::Primitive)
                continue;
            const auto t = f.schema().leaves()[size_t(col.leafIndex)].physicalType;
            if (t != PhysicalType::ByteArray && t != PhysicalType::FixedLenByteArray)
                continue;
            size_t total = 0;
            StringColumnReader(f, int(c)).forEach([&](std::string_view v, bool) { total += v.size(); });
        }
    } catch (const ParquetError &) {
        // the expected outcome for corrupt input
    } catch (const std::exception &e) {
        // Any other exception escapes the documented API: a bug.
        std::fprintf(stderr, "unexpected exception: %s\n", e.what());
        std::abort();
    }
    return 0;
}
