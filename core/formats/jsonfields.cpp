#include "formats/jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace studio::formats {

Field fieldFromJson(const QString &name, const QJsonValue &value)
{
    Field f;
    f.name = name.toStdString();
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        f.type = ValueType::Null;
        break;
    case QJsonValue::Bool:
        f.type = ValueType::Bool;
        f.value = value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (value.toVariant().typeId() == QMetaType::LongLong) { // written without fraction or exponent
            f.type = ValueType::Integer;
            f.value = std::to_string(value.toInteger());
        } else {
            f.type = ValueType::Float;
            f.value = QByteArray::number(d, 'g', 17).toStdString();
        }
        break;
    }
    case QJsonValue::String:
        f.type = ValueType::String;
        f.value = value.toString().toStdString();
        break;
    case QJsonValue::Array:
        f.type = ValueType::Json;
        f.value = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).toStdString();
        break;
    case QJsonValue::Object:
        f.type = ValueType::Json;
        f.value = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString();
        break;
    }
    return f;
}

void appendJsonObject(const QJsonObject &object, Record &record)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        record.fields.push_back(fieldFromJson(it.key(), it.value()));
}

const char *valueTypeName(ValueType t)
{
    switch (t) {
    case ValueType::Null:
        return "null";
    case ValueType::String:
        return "string";
    case ValueType::Integer:
        return "int64";
    case ValueType::Float:
        return "float64";
    case ValueType::Bool:
        return "bool";
    case ValueType::Json:
        return "json";
    }
    return "null";
}

} // namespace studio::formats
