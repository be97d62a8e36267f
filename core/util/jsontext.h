#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <string_view>

namespace studio {

// QJsonDocument::fromJson, working around Qt 6.4 dropping a string that is
// exactly a raw U+FEFF (byte order mark) — such strings occur as vocabulary
// tokens and as text samples. Raw BOMs are escaped as \ufeff first (a leading
// BOM before the document is removed).
QJsonDocument parseJson(std::string_view json, QJsonParseError *error = nullptr);

} // namespace studio
