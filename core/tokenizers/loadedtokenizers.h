#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace studio::tokenizers {

class Tokenizer;

// The tokenizers this process loaded lately, by the SHA-256 of their files:
// the next tokenization with the same file (same bytes) starts without
// parsing it again. Keeps the few most recent; thread-safe. A load that
// throws caches nothing.
std::shared_ptr<const Tokenizer> loadedTokenizer(const QString &sha256,
                                                 const std::function<std::shared_ptr<const Tokenizer>()> &load);

} // namespace studio::tokenizers
