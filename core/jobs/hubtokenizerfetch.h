#pragma once

#include "tokenizers/tokenizerresolver.h"

namespace studio::jobs {

// The fetch hook that lets TokenizerResolver download a Hub model's files
// (tokenizer.json) into the Hugging Face cache through the Hub client, with
// the HF_* environment (HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE, HF_HUB_OFFLINE:
// offline, nothing is fetched). Errors become TokenizerError with the Hub
// client's message (e.g. "Model 'x' not found on …").
tokenizers::TokenizerResolver::Fetch hubTokenizerFetch();

// A resolver with that hook set: what the tokenize job and the CLI use.
tokenizers::TokenizerResolver hubTokenizerResolver();

} // namespace studio::jobs
