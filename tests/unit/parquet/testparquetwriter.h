#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// A minimal parquet writer for tests: one optional BYTE_ARRAY (UTF8) column
// "text", written page by page with the encodings a test chooses, so tests can
// build shapes DuckDB does not write: pyarrow's dictionary pages falling back
// to PLAIN mid-chunk, many pages per chunk (page skipping), DELTA_BYTE_ARRAY.
namespace studio::parquet::test {

struct TestPage
{
    enum class Kind { V1, V2 };
    enum class Encoding { Plain, Dictionary, DeltaByteArray, DeltaLengthByteArray };
    Kind kind = Kind::V1;
    Encoding encoding = Encoding::Plain;
    std::vector<std::optional<std::string>> values;
};

struct TestRowGroup
{
    std::vector<std::string> dictionary; // written as a dictionary page when non-empty
    std::vector<TestPage> pages;
};

struct TestFileOptions
{
    bool snappy = false;
    bool required = false; // REQUIRED column (no definition levels); values must not be null
};

std::string writeTestParquet(const std::vector<TestRowGroup> &rowGroups, const TestFileOptions &options = {});

// Where each page body starts in the last written file (for corrupting one page).
struct PageLocation
{
    size_t rowGroup = 0;
    size_t page = 0;        // index into TestRowGroup::pages; dictionary pages are not listed
    size_t bodyOffset = 0;
    size_t bodySize = 0;
};
const std::vector<PageLocation> &lastPageLocations();

} // namespace studio::parquet::test
