#pragma once

#include <stdexcept>
#include <string>

namespace studio::tokenizers {

// A tokenizer file could not be loaded (malformed JSON, unsupported component,
// inconsistent vocabulary); what() says what and where.
class TokenizerError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace studio::tokenizers
