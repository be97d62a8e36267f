#pragma once

#include <QString>

namespace studio::ui {

// Numbers as the cards and tabs show them, in the user's locale.
class TextFormat final
{
public:
    static QString bytes(qint64 bytes);        // "1.4 MB"; empty when unknown (< 0)
    static QString count(qint64 n);            // "25,000"
    static QString percent(double percent);    // "45.2%" (always one decimal)
    static QString dateTime(qint64 msSinceEpoch);
    static QString number(double value, int decimals = 1);
};

} // namespace studio::ui
