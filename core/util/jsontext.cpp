#include "util/jsontext.h"

namespace studio {

QJsonDocument parseJson(std::string_view json, QJsonParseError *error)
{
    static constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (json.substr(0, 3) == bom)
        json.remove_prefix(3);
    if (json.find(bom) == std::string_view::npos)
        return QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), static_cast<qsizetype>(json.size())), error);
    QByteArray bytes(json.data(), static_cast<qsizetype>(json.size()));
    return QJsonDocument::fromJson(bytes.replace("\xEF\xBB\xBF", "\\ufeff"), error);
}

} // namespace studio
