#pragma once

#include "tokenizers/pretokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace studio::tokenizers {

// How a Split pre-tokenizer treats the parts its pattern matches (Hugging
// Face's SplitDelimiterBehavior).
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Split with any regex (PCRE2, UTF + Unicode properties) or a literal string.
class RegexSplitPreTokenizer final : public PreTokenizer
{
public:
    RegexSplitPreTokenizer(const std::string &pattern, bool literal, SplitBehavior behavior, bool invert);
    ~RegexSplitPreTokenizer() override;
    void split(std::string_view text, std::vector<std::string_view> &out) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_d;
    SplitBehavior m_behavior;
    bool m_invert;
};

// Applies pre-tokenizers one after the other, each to the pieces of the last.
class SequencePreTokenizer final : public PreTokenizer
{
public:
    explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps);
    void split(std::string_view text, std::vector<std::string_view> &out) const override;

private:
    std::vector<std::unique_ptr<PreTokenizer>> m_steps;
};

// Whitespace (\w+|[^\w\s]+) and WhitespaceSplit (split on whitespace).
class WhitespacePreTokenizer final : public PreTokenizer
{
public:
    explicit WhitespacePreTokenizer(bool splitOnlyOnWhitespace)
        : m_splitOnly(splitOnlyOnWhitespace)
    {}
    void split(std::string_view text, std::vector<std::string_view> &out) const override;

private:
    bool m_splitOnly;
};

// BertPreTokenizer: split on whitespace, then isolate each punctuation character.
class BertPreTokenizer final : public PreTokenizer
{
public:
    void split(std::string_view text, std::vector<std::string_view> &out) const override;
};

// Splits before each run of a marker string that follows other text:
// "▁once▁▁upon" -> "▁once", "▁▁upon". Used for SentencePiece-style models
// without a pre-tokenizer when the split provably keeps the ids (see
// BpeModel::splitsBefore).
class MarkerSplitPreTokenizer final : public PreTokenizer
{
public:
    explicit MarkerSplitPreTokenizer(std::string marker)
        : m_marker(std::move(marker))
    {}
    void split(std::string_view text, std::vector<std::string_view> &out) const override;

private:
    std::string m_marker;
};

// Digits: isolate digits (each one, or runs when individual_digits is false).
class DigitsPreTokenizer final : public PreTokenizer
{
public:
    explicit DigitsPreTokenizer(bool individual)
        : m_individual(individual)
    {}
    void split(std::string_view text, std::vector<std::string_view> &out) const override;

private:
    bool m_individual;
};

} // namespace studio::tokenizers
