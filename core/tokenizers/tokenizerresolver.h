#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace studio::tokenizers {

class Tokenizer;

// Turns what a user types as a tokenizer into a loaded tokenizer:
//  - "gpt2": the GPT-2 tokenizer bundled in the app (works offline);
//  - a path to a tokenizer.json, to a folder holding one, or to a folder with
//    vocab.json + merges.txt;
//  - a Hub model id ("org/name"): read from the Hugging Face cache
//    ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub), or
//    fetched into it through the fetch hook when one is set.
// Errors throw TokenizerError with "Failed to load tokenizer '<name>': <reason>".
class TokenizerResolver final
{
public:
    // Downloads `file` of model `modelId` into the Hugging Face cache and returns
    // its local path, or throws with a reason.
    using Fetch = std::function<QString(const QString &modelId, const QString &file)>;

    struct Resolved {
        std::shared_ptr<const Tokenizer> tokenizer;
        QString source;  // where it was loaded from (path or resource)
        QString sha256;  // of the tokenizer.json bytes (or vocab + merges)
    };

    void setFetch(Fetch fetch) { m_fetch = std::move(fetch); }
    Resolved resolve(const QString &name) const;
    // The Hugging Face hub cache folder in use.
    static QString hubCacheDirectory();

private:
    Fetch m_fetch;
};

} // namespace studio::tokenizers
