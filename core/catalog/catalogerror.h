#pragma once

#include <stdexcept>
#include <string>

#include <QString>

namespace studio::catalog {

// A catalog operation failed; what() is a message a user can act on.
class CatalogError : public std::runtime_error
{
public:
    explicit CatalogError(const QString &message)
        : std::runtime_error(message.toStdString())
    {}
    QString message() const { return QString::fromStdString(what()); }
};

} // namespace studio::catalog
