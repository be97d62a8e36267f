#pragma once

#include <QByteArrayView>
#include <QString>

namespace studio::remote {

// A new access token: 32 bytes (256 bits) from the system's random source,
// base64url without padding (43 characters).
QString generateAccessToken();

// Compares two tokens in time that depends only on their lengths, never on
// where they first differ.
bool tokensEqual(QByteArrayView a, QByteArrayView b);

} // namespace studio::remote
