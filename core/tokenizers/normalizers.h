#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {

// Rewrites text before pre-tokenization (Hugging Face normalizers). Immutable
// and thread-safe.
class Normalizer
{
public:
    virtual ~Normalizer() = default;
    virtual void normalize(std::string &text) const = 0;
};

// Replaces every occurrence of `from` (left to right, not overlapping).
void replaceLiteral(std::string &text, std::string_view from, std::string_view to);

enum class UnicodeForm { NFC, NFD, NFKC, NFKD };

std::unique_ptr<Normalizer> makeUnicodeNormalizer(UnicodeForm form);
std::unique_ptr<Normalizer> makeLowercase();
std::unique_ptr<Normalizer> makeStripAccents();
std::unique_ptr<Normalizer> makeStrip(bool left, bool right);
std::unique_ptr<Normalizer> makePrepend(std::string prefix);
// Replace a literal string, or every match of a regex, with `content`.
std::unique_ptr<Normalizer> makeReplace(const std::string &pattern, bool literal, std::string content);
std::unique_ptr<Normalizer> makeBertNormalizer(bool cleanText, bool handleChineseChars, bool stripAccents,
                                               bool lowercase);
std::unique_ptr<Normalizer> makeSequence(std::vector<std::unique_ptr<Normalizer>> steps);

} // namespace studio::tokenizers
