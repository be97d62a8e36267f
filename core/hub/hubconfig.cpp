#include "hub/hubconfig.h"

#include <QDir>
#include <QFile>

namespace studio::hub {

QString HubConfig::cleanToken(const QString &token)
{
    QString t = token;
    t.remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
    return t.trimmed();
}

bool HubConfig::isTrue(const QString &value)
{
    const QString v = value.toUpper();
    return v == QLatin1String("1") || v == QLatin1String("ON") || v == QLatin1String("YES") || v == QLatin1String("TRUE");
}

HubConfig HubConfig::fromEnvironment()
{
    return fromEnvironment(QProcessEnvironment::systemEnvironment());
}

HubConfig HubConfig::fromEnvironment(const QProcessEnvironment &env)
{
    HubConfig c;
    const auto get = [&](const char *name) { return env.value(QString::fromLatin1(name)); };
    // os.getenv(name, default): a variable set to "" is used as "" by Python;
    // we treat empty as unset, which is what every user means.
    const QString endpoint = get("HF_ENDPOINT");
    if (!endpoint.isEmpty()) {
        c.endpoint = endpoint;
        while (c.endpoint.endsWith(QLatin1Char('/')))
            c.endpoint.chop(1);
    }
    const auto expandHome = [](QString path) {
        if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
            path.replace(0, 1, QDir::homePath());
        return path;
    };
    c.hfHome = get("HF_HOME");
    if (c.hfHome.isEmpty()) {
        const QString xdg = get("XDG_CACHE_HOME");
        c.hfHome = QDir(xdg.isEmpty() ? QDir::home().filePath(QStringLiteral(".cache")) : expandHome(xdg))
                       .filePath(QStringLiteral("huggingface"));
    }
    c.hfHome = expandHome(c.hfHome);
    c.cacheDir = get("HF_HUB_CACHE");
    if (c.cacheDir.isEmpty())
        c.cacheDir = get("HUGGINGFACE_HUB_CACHE");
    c.cacheDir = c.cacheDir.isEmpty() ? QDir(c.hfHome).filePath(QStringLiteral("hub")) : expandHome(c.cacheDir);

    const QString offline = get("HF_HUB_OFFLINE");
    c.offline = isTrue(offline.isEmpty() ? get("TRANSFORMERS_OFFLINE") : offline);

    for (const char *name : {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
        const QString t = cleanToken(get(name));
        if (!t.isEmpty()) {
            c.token = t;
            c.tokenSource = QString::fromLatin1(name);
            break;
        }
    }
    if (c.token.isEmpty()) {
        QString path = get("HF_TOKEN_PATH");
        path = path.isEmpty() ? QDir(c.hfHome).filePath(QStringLiteral("token")) : expandHome(path);
        QFile f(path);
        if (f.open(QIODevice::ReadOnly)) {
            c.token = cleanToken(QString::fromUtf8(f.readAll()));
            if (!c.token.isEmpty())
                c.tokenSource = path;
        }
    }
    const auto seconds = [&](const char *name, int fallbackMs) {
        bool ok = false;
        const double s = get(name).toDouble(&ok);
        return ok && s > 0 ? int(s * 1000) : fallbackMs;
    };
    c.metadataTimeoutMs = seconds("HF_HUB_ETAG_TIMEOUT", c.metadataTimeoutMs);
    c.downloadTimeoutMs = seconds("HF_HUB_DOWNLOAD_TIMEOUT", c.downloadTimeoutMs);
    return c;
}

} // namespace studio::hub
