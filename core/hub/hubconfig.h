#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace studio::hub {

// Where the Hub is and who we are, read from the environment exactly as
// huggingface_hub does (constants.py / utils/_auth.py):
//   HF_ENDPOINT (trailing '/' stripped; default https://huggingface.co)
//   HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the token file HF_TOKEN_PATH
//     (default $HF_HOME/token); whitespace and line breaks stripped
//   HF_HOME (default $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface)
//   HF_HUB_CACHE (legacy HUGGINGFACE_HUB_CACHE; default $HF_HOME/hub)
//   HF_HUB_OFFLINE (legacy TRANSFORMERS_OFFLINE): 1/ON/YES/TRUE, any case
//   HF_HUB_ETAG_TIMEOUT / HF_HUB_DOWNLOAD_TIMEOUT: seconds without data before
//     a request is abandoned (defaults 10 s)
struct HubConfig {
    QString endpoint = QStringLiteral("https://huggingface.co");
    QString token;        // empty: anonymous
    QString tokenSource;  // "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", the token file's path, "--token"
    QString hfHome;
    QString cacheDir;     // the hub file cache
    bool offline = false;
    int metadataTimeoutMs = 10000;
    int downloadTimeoutMs = 10000;
    // Retries of 408/429/5xx and network errors: attempts in all, and the
    // first back-off (doubling up to maxBackoffMs).
    int maxAttempts = 5;
    int backoffMs = 1000;
    int maxBackoffMs = 8000;

    static HubConfig fromEnvironment();
    static HubConfig fromEnvironment(const QProcessEnvironment &env);
    // Python's strip() of a token, with '\r' and '\n' removed.
    static QString cleanToken(const QString &token);
    // huggingface_hub's _is_true.
    static bool isTrue(const QString &value);
};

} // namespace studio::hub
