#include "tokenizers/decoder.h"

#include "tokenizers/bpemodel.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/unicodeclass.h"


namespace studio::tokenizers {

namespace {

std::string lossy(std::string_view bytes)
{
    std::string clean;
    return sanitizeUtf8(bytes, clean) ? clean : std::string(bytes);
}

class ByteLevelDecoder final : public Decoder
{
public:
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        // All tokens become one string: each token's characters mapped back
        // to bytes (a token with a character outside the alphabet keeps its
        // UTF-8), invalid UTF-8 replaced.
        std::string bytes, raw;
        for (const std::string &t : tokens)
            bytes += byteLevelDecode(t, raw) ? raw : t;
        tokens.assign(1, lossy(bytes));
    }
};

class MetaspaceDecoder final : public Decoder
{
public:
    MetaspaceDecoder(std::string replacement, bool stripFirst)
        : m_replacement(std::move(replacement))
        , m_stripFirst(stripFirst)
    {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::string &t = tokens[i];
            // As the reference: in the first token every replacement is
            // dropped (unless nothing was prepended), elsewhere it is a space.
            replaceLiteral(t, m_replacement, i == 0 && m_stripFirst ? "" : " ");
        }
    }

private:
    std::string m_replacement;
    bool m_stripFirst;
};

class ByteFallbackDecoder final : public Decoder
{
public:
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        // Runs of <0xAB> tokens become their bytes when those are valid
        // UTF-8, else one U+FFFD per byte token.
        std::vector<std::string> out;
        std::string bytes;
        std::size_t count = 0;
        const auto flush = [&] {
            if (count == 0)
                return;
            std::string clean;
            if (!sanitizeUtf8(bytes, clean)) {
                out.push_back(bytes);
            } else {
                for (std::size_t k = 0; k < count; ++k)
                    out.emplace_back("\xEF\xBF\xBD");
            }
            bytes.clear();
            count = 0;
        };
        // As the reference's u8::from_str_radix(&token[3..5], 16): hex digits
        // of either case, or '+' and one digit.
        const auto hex = [](char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        };
        for (std::string &t : tokens) {
            const int hi = t.size() == 6 && t[3] == '+' ? 0 : t.size() == 6 ? hex(t[3]) : -1;
            const int lo = t.size() == 6 ? hex(t[4]) : -1;
            if (t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>' && hi >= 0 && lo >= 0) {
                bytes.push_back(static_cast<char>(hi * 16 + lo));
                ++count;
                continue;
            }
            flush();
            out.push_back(std::move(t));
        }
        flush();
        tokens.swap(out);
    }
};

class FuseDecoder final : public Decoder
{
public:
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        std::string all;
        for (const std::string &t : tokens)
            all += t;
        tokens.assign(1, all);
    }
};

class StripDecoder final : public Decoder
{
public:
    StripDecoder(std::string content, std::size_t start, std::size_t stop)
        : m_content(std::move(content))
        , m_start(start)
        , m_stop(stop)
    {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        if (m_content.empty())
            return;
        const std::size_t n = m_content.size();
        for (std::string &t : tokens) {
            std::size_t b = 0, e = t.size();
            for (std::size_t k = 0; k < m_start && b + n <= e && t.compare(b, n, m_content) == 0; ++k)
                b += n;
            for (std::size_t k = 0; k < m_stop && e >= b + n && t.compare(e - n, n, m_content) == 0; ++k)
                e -= n;
            t = t.substr(b, e - b);
        }
    }

private:
    std::string m_content;
    std::size_t m_start, m_stop;
};

class ReplaceDecoder final : public Decoder
{
public:
    ReplaceDecoder(const std::string &pattern, bool regex, std::string content)
        : m_normalizer(makeReplace(pattern, !regex, std::move(content)))
    {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::string &t : tokens)
            m_normalizer->normalize(t);
    }

private:
    std::unique_ptr<Normalizer> m_normalizer; // the Replace normalizer does the same rewrite
};

class WordPieceDecoder final : public Decoder
{
public:
    WordPieceDecoder(std::string prefix, bool cleanup)
        : m_prefix(std::move(prefix))
        , m_cleanup(cleanup)
    {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::string &t = tokens[i];
            if (i != 0) {
                if (!m_prefix.empty() && t.compare(0, m_prefix.size(), m_prefix) == 0)
                    t.erase(0, m_prefix.size());
                else
                    t.insert(0, 1, ' ');
            }
            if (m_cleanup) {
                static const std::pair<const char *, const char *> rules[] = {
                    {" .", "."},        {" ?", "?"},       {" !", "!"},   {" ,", ","},    {" ' ", "'"},  {" n't", "n't"},
                    {" 'm", "'m"},      {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
                for (const auto &[from, to] : rules)
                    replaceLiteral(t, from, to);
            }
        }
    }

private:
    std::string m_prefix;
    bool m_cleanup;
};

class BpeDecoder final : public Decoder
{
public:
    explicit BpeDecoder(std::string suffix)
        : m_suffix(std::move(suffix))
    {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::size_t i = 0; i < tokens.size(); ++i)
            replaceLiteral(tokens[i], m_suffix, i + 1 == tokens.size() ? "" : " ");
    }

private:
    std::string m_suffix;
};

class DecoderSequence final : public Decoder
{
public:
    explicit DecoderSequence(std::vector<std::unique_ptr<Decoder>> steps)
        : m_steps(std::move(steps))
    {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (const auto &s : m_steps)
            s->decodeChain(tokens);
    }

private:
    std::vector<std::unique_ptr<Decoder>> m_steps;
};

} // namespace

std::unique_ptr<Decoder> makeByteLevelDecoder()
{
    return std::make_unique<ByteLevelDecoder>();
}
std::unique_ptr<Decoder> makeMetaspaceDecoder(std::string replacement, bool stripFirst)
{
    return std::make_unique<MetaspaceDecoder>(std::move(replacement), stripFirst);
}
std::unique_ptr<Decoder> makeByteFallbackDecoder()
{
    return std::make_unique<ByteFallbackDecoder>();
}
std::unique_ptr<Decoder> makeFuseDecoder()
{
    return std::make_unique<FuseDecoder>();
}
std::unique_ptr<Decoder> makeStripDecoder(std::string content, std::size_t start, std::size_t stop)
{
    return std::make_unique<StripDecoder>(std::move(content), start, stop);
}
std::unique_ptr<Decoder> makeReplaceDecoder(const std::string &pattern, bool regex, std::string content)
{
    return std::make_unique<ReplaceDecoder>(pattern, regex, std::move(content));
}
std::unique_ptr<Decoder> makeWordPieceDecoder(std::string prefix, bool cleanup)
{
    return std::make_unique<WordPieceDecoder>(std::move(prefix), cleanup);
}
std::unique_ptr<Decoder> makeBpeDecoder(std::string suffix)
{
    return std::make_unique<BpeDecoder>(std::move(suffix));
}
std::unique_ptr<Decoder> makeDecoderSequence(std::vector<std::unique_ptr<Decoder>> steps)
{
    return std::make_unique<DecoderSequence>(std::move(steps));
}

} // namespace studio::tokenizers
