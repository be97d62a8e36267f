#include "progress/progressevent.h"

namespace studio::progress {

bool ProgressEvent::isTerminal() const
{
    return event == QLatin1String("completed") || event == QLatin1String("error");
}

QJsonObject ProgressEvent::toJson() const
{
    return QJsonObject{{QStringLiteral("channel"), channel},
                       {QStringLiteral("event"), event},
                       {QStringLiteral("seq"), static_cast<qint64>(seq)},
                       {QStringLiteral("ts"), ts},
                       {QStringLiteral("data"), data}};
}

} // namespace studio::progress
