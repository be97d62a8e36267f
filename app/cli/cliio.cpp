#include "cli/cliio.h"

#include <QJsonDocument>
#include <QLocale>

#include <cstdio>
#include <unistd.h>

namespace studio::cli {

void printOut(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, static_cast<size_t>(utf8.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printError(const QString &text)
{
    const QByteArray utf8 = QStringLiteral("dataset-studio: ").toUtf8() + text.toUtf8();
    std::fwrite(utf8.constData(), 1, static_cast<size_t>(utf8.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

void printJson(const QJsonObject &object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

bool stdoutIsTerminal()
{
    return ::isatty(STDOUT_FILENO) == 1;
}

QString humanBytes(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("-");
    return QLocale(QLocale::English).formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString humanCount(qint64 n)
{
    return n < 0 ? QStringLiteral("-") : QLocale(QLocale::English).toString(n);
}

} // namespace studio::cli
