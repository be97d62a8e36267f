#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace studio::parquet {

// What the import job and `dataset-studio import file.parquet` need to know
// about a file without reading its data: row count, columns and row groups.
struct ParquetSummary
{
    struct ColumnInfo {
        std::string name;
        std::string type;     // e.g. "string", "int64", "list<string>", "struct"
        bool nullable = false;
        bool isString = false; // readable with StringColumnReader
    };
    std::string path;
    int64_t numRows = 0;
    std::vector<ColumnInfo> columns;
    std::vector<int64_t> rowGroupRows;
    std::string createdBy;
    int64_t fileSize = 0;

    // Reads only the footer. Throws ParquetError naming the file on any problem.
    static ParquetSummary read(const std::string &path);
    // Index of the first string column named `preferred` (e.g. "text"), else
    // the first string column, else -1.
    int textColumn(const std::string &preferred = "text") const;
};

} // namespace studio::parquet
