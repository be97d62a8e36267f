#pragma once

#include <QByteArray>
#include <QString>

#include <zlib.h>

// Reads a whole gzip file (or a plain file when it is not compressed).
inline QByteArray readGzip(const QString &path)
{
    QByteArray out;
    gzFile f = gzopen(path.toLocal8Bit().constData(), "rb");
    if (!f)
        return out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        out.append(buf, n);
    gzclose(f);
    return out;
}
