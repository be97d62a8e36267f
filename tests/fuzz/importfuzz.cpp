#include "importfuzz.h"

#include "fuzzinput.h"

#include "formats/columnstorewriter.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "formats/importformat.h"
#include "formats/utf8.h"

#include <QDir>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace studio::fuzz {

namespace {

[[noreturn]] void bug(const std::string &what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
    std::abort();
}

// Round trip through the column store, bounded so one input stays cheap.
void roundTrip(const std::vector<formats::Record> &records, const QString &dir)
{
    QDir(dir).removeRecursively();
    {
        formats::ColumnStoreWriter writer(dir);
        for (const auto &r : records)
            writer.append(r);
        writer.finish();
    }
    const auto rows = formats::DatasetRows::open(dir);
    if (rows->rowCount() != std::int64_t(records.size()))
        bug("column store row count differs from records written");
    const auto objects = rows->rows(0, rows->rowCount());
    if (objects.size() != qsizetype(records.size()))
        bug("DatasetRows::rows returned a different count");
    for (int c = 0; c < rows->schema().size(); ++c) {
        std::int64_t seen = 0;
        rows->scan(c, 0, rows->rowCount(), [&](std::int64_t, formats::ValueType, std::string_view) {
            ++seen;
            return true;
        });
        if (seen > rows->rowCount())
            bug("scan visited more rows than the store holds");
    }
    QDir(dir).removeRecursively();
}

} // namespace

int importOneInput(const uint8_t *data, size_t size, const char *format)
{
    const std::string suffix = std::string(".") + format;
    const QString path = writeScratchFile(data, size, suffix.c_str());
    std::vector<formats::Record> firstRecords;
    size_t columns = 0;
    try {
        auto reader = formats::openRecordReader(path, QString::fromLatin1(format));
        formats::Record record;
        while (reader->next(record)) {
            for (const auto &f : record.fields) {
                if (f.type == formats::ValueType::String && formats::findInvalidUtf8(f.value) != std::string::npos)
                    bug("reader returned a string that is not valid UTF-8");
            }
            if (reader->bytesConsumed() > reader->totalBytes())
                bug("bytesConsumed() > totalBytes()");
            if (firstRecords.size() < 64) {
                columns += record.fields.size();
                firstRecords.push_back(record);
            }
        }
    } catch (const formats::FormatError &e) {
        if (std::string(e.what()).empty())
            bug("FormatError without a message");
    }
    if (columns <= 256) {
        try {
            roundTrip(firstRecords, path + QStringLiteral(".store"));
        } catch (const formats::FormatError &e) {
            bug(std::string("records a reader accepted could not be stored and read back: ") + e.what());
        }
    }
    return 0;
}

} // namespace studio::fuzz
