#pragma once

#include "formats/record.h"

#include <QJsonObject>
#include <QJsonValue>

namespace studio::formats {

// Converts a parsed JSON value into a stored field.
Field fieldFromJson(const QString &name, const QJsonValue &value);
// Appends one field per key of `object` (in the object's key order).
void appendJsonObject(const QJsonObject &object, Record &record);

} // namespace studio::formats
