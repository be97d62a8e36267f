#pragma once

#include "formats/record.h"

#include <cstdint>

namespace studio::formats {

// Streams the records of one file with memory bounded by one record (and a
// read buffer). Errors throw FormatError naming file and line.
class RecordReader
{
public:
    virtual ~RecordReader() = default;
    // Fills `record`; false at the end of the file.
    virtual bool next(Record &record) = 0;
    virtual std::int64_t bytesConsumed() const = 0;
    virtual std::int64_t totalBytes() const = 0;
};

} // namespace studio::formats
