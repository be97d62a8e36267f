// Fuzz target: importing a json file (see importfuzz.h).
#include "importfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return studio::fuzz::importOneInput(data, size, "json");
}
