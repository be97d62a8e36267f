#pragma once

#include "formats/recordreader.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace studio::formats {

// The formats `import` understands: jsonl, json, csv, tsv, parquet, txt, paragraphs.
QStringList importFormats();
// The format a file's extension implies (".jsonl"/".ndjson" → jsonl, ".txt" → txt,
// …), or an empty string when the extension says nothing.
QString formatFromExtension(const QString &path);
// Opens a streaming reader for a text-based format. Throws FormatError for an
// unknown format or an unreadable file.
std::unique_ptr<RecordReader> openRecordReader(const QString &path, const QString &format);

} // namespace studio::formats
