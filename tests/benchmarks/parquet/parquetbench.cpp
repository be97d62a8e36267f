// Parquet string decoding throughput: reads every value of a string column
// (default "text") with StringColumnReader, the tokenization hot path.
//   bench_parquet FILE [--column text] [--runs 5] [--chars]
// Prints one JSON line per run ({"rows","bytes","chars","seconds","mbps"}) and
// a summary with the median. --chars also counts UTF-8 code points (the work
// DuckDB's length() does). bench.mjs runs this beside DuckDB.
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/stringcolumnreader.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace studio::parquet;

namespace {

size_t countCodePoints(std::string_view s)
{
    // Code points = bytes that are not continuation bytes (10xxxxxx); 8 at a time.
    size_t cont = 0, i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        cont += size_t(__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ull));
    }
    for (; i < s.size(); ++i)
        cont += (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80;
    return s.size() - cont;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [--column text] [--runs 5] [--chars]\n", argv[0]);
        return 2;
    }
    std::string file = argv[1];
    std::string column = "text";
    int runs = 5;
    bool chars = false;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--column") && i + 1 < argc)
            column = argv[++i];
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--chars"))
            chars = true;
    }
    std::vector<double> mbps;
    try {
        for (int r = 0; r < runs; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            const ParquetFile f = ParquetFile::open(file);
            StringColumnReader reader(f, column);
            StringBatch batch;
            uint64_t rows = 0, bytes = 0, cps = 0;
            while (reader.next(batch)) {
                rows += batch.size();
                for (const std::string_view v : batch.values)
                    bytes += v.size();
                if (chars)
                    for (const std::string_view v : batch.values)
                        cps += countCodePoints(v);
            }
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            mbps.push_back(double(bytes) / 1e6 / s);
            std::printf("{\"rows\":%llu,\"bytes\":%llu,\"chars\":%llu,\"seconds\":%.6f,\"mbps\":%.1f}\n",
                        static_cast<unsigned long long>(rows), static_cast<unsigned long long>(bytes),
                        static_cast<unsigned long long>(cps), s, mbps.back());
        }
    } catch (const ParquetError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    std::sort(mbps.begin(), mbps.end());
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("median %.1f MB/s of decoded strings over %d runs, peak RSS %ld MB\n", mbps[mbps.size() / 2], runs,
                ru.ru_maxrss / 1024);
    return 0;
}
