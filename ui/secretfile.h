#pragma once

#include <QString>

namespace studio::ui {

// A small secret (a token) in a file only its owner can read (0600), the way
// the Hugging Face tools keep theirs. Never in QSettings.
class SecretFile final
{
public:
    static QString read(const QString &path);
    // Writes atomically; an empty secret removes the file. Returns an error
    // message a user can act on, or an empty string.
    static QString write(const QString &path, const QString &secret);
};

} // namespace studio::ui
