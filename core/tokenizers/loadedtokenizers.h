#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace studio::tokenizers {

class Tokenizer;

// The tokenizers this process loaded lately, by the SHA-256 of their files:
// the next tokenization with the same file (same bytes) starts without
// parsing it again. Keeps the few most recent; thread-safe. A load that
// throws caches nothing. `digest` computes the file's SHA-256 (hex), stored
// in `sha256`: while nothing is cached (a fresh process, its other cores
// idle) it runs on a second thread beside the load; once something is, it
// runs first, so a hit skips the load.
std::shared_ptr<const Tokenizer> loadedTokenizer(const std::function<QString()> &digest,
                                                 const std::function<std::shared_ptr<const Tokenizer>()> &load,
                                                 QString &sha256);

} // namespace studio::tokenizers
