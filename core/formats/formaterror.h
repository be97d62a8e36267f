#pragma once

#include <QString>

#include <stdexcept>

namespace studio::formats {

// Bad input: what() names the file (and line) and what is wrong.
class FormatError : public std::runtime_error
{
public:
    explicit FormatError(const QString &message)
        : std::runtime_error(message.toStdString())
    {}
    QString message() const { return QString::fromStdString(what()); }
};

} // namespace studio::formats
