#pragma once

#include <string_view>
#include <vector>

namespace studio::tokenizers {

// Splits text into pieces (views into the text, in order) that the model
// encodes one by one. Implementations are immutable and thread-safe.
class PreTokenizer
{
public:
    virtual ~PreTokenizer() = default;
    // Appends the pieces of `text` to `out`.
    virtual void split(std::string_view text, std::vector<std::string_view> &out) const = 0;
};

} // namespace studio::tokenizers
