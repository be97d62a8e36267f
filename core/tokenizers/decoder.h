#pragma once

#include <memory>
#include <string>
#include <vector>

namespace studio::tokenizers {

// Turns token strings back into text (Hugging Face decoders): each step
// rewrites the list of token strings as the reference's decode_chain does,
// then the strings are joined. Immutable and thread-safe.
class Decoder
{
public:
    virtual ~Decoder() = default;
    virtual void decodeChain(std::vector<std::string> &tokens) const = 0;
};

std::unique_ptr<Decoder> makeByteLevelDecoder();
std::unique_ptr<Decoder> makeMetaspaceDecoder(std::string replacement, bool stripFirst);
std::unique_ptr<Decoder> makeByteFallbackDecoder();
std::unique_ptr<Decoder> makeFuseDecoder();
std::unique_ptr<Decoder> makeStripDecoder(std::string content, std::size_t start, std::size_t stop);
// A literal (or regex, when `regex`) pattern replaced in each token.
std::unique_ptr<Decoder> makeReplaceDecoder(const std::string &pattern, bool regex, std::string content);
std::unique_ptr<Decoder> makeWordPieceDecoder(std::string prefix, bool cleanup);
std::unique_ptr<Decoder> makeBpeDecoder(std::string suffix);
std::unique_ptr<Decoder> makeDecoderSequence(std::vector<std::unique_ptr<Decoder>> steps);

} // namespace studio::tokenizers
