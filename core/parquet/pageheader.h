#pragma once

#include "parquet/parquettypes.h"

#include <cstdint>

namespace studio::parquet {

class ThriftCompactReader;

// A parquet PageHeader with the data page (v1, v2) and dictionary page parts.
struct PageHeader
{
    PageType type = PageType::DataPage;
    int32_t uncompressedPageSize = 0;
    int32_t compressedPageSize = 0;

    // DATA_PAGE and DATA_PAGE_V2
    int32_t numValues = 0;            // level entries (incl. nulls)
    Encoding encoding = Encoding::Plain;
    Encoding definitionLevelEncoding = Encoding::Rle;   // v1
    Encoding repetitionLevelEncoding = Encoding::Rle;   // v1
    // DATA_PAGE_V2 only
    int32_t numNulls = 0;
    int32_t numRows = 0;
    int32_t definitionLevelsByteLength = 0;
    int32_t repetitionLevelsByteLength = 0;
    bool isCompressed = true;
    // DICTIONARY_PAGE
    int32_t dictionaryNumValues = 0;
    Encoding dictionaryEncoding = Encoding::Plain;

    bool hasDataPageHeader = false;
    bool hasDictionaryPageHeader = false;

    // Decodes a page header at the reader's position; validates sizes.
    static PageHeader read(ThriftCompactReader &reader);
};

} // namespace studio::parquet
