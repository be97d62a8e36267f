#pragma once

#include <QString>

namespace studio::ui {

// The Hugging Face access token where the HF tools keep it: $HF_TOKEN_PATH,
// else $HF_HOME/token, else ~/.cache/huggingface/token. $HF_TOKEN, when set,
// wins for reading (as in huggingface_hub).
class HfTokenStore final
{
public:
    static QString path();
    static QString read();
    static bool fromEnvironment();
    static QString write(const QString &token); // error message or empty
};

} // namespace studio::ui
