// Parquet string decoding throughput: reads every value of a string column
// (default "text") with StringColumnReader, the tokenization hot path.
//   bench_parquet FILE [--column text] [--runs 5] [--chars]
//   bench_parquet --write OUT --text PARAGRAPHS.txt --mb 120 [--dict-limit 98304]
// The second form writes a file shaped like pyarrow's TinyStories shards (the
// Hub's): 1,000-row row groups, each a snappy dictionary page plus
// RLE_DICTIONARY data pages, falling back to PLAIN pages once the dictionary
// passes the limit (pyarrow: 1 MB; the default here is smaller because these
// paragraphs are shorter than stories, so that both page kinds are read), v1 pages.
// Prints one JSON line per run ({"rows","bytes","chars","seconds","mbps"}) and
// a summary with the median. --chars also counts UTF-8 code points (the work
// DuckDB's length() does). bench.mjs runs this beside DuckDB.
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/stringcolumnreader.h"

#include "../../unit/parquet/testparquetwriter.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
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

// Rows "<i>: <paragraph>" (the same text bench.mjs gives DuckDB to write).
int writePyarrowShaped(const std::string &out, const std::string &textFile, double mb, size_t dictLimit)
{
    using namespace studio::parquet::test;
    std::ifstream in(textFile);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string all = ss.str();
    std::vector<std::string> paragraphs;
    size_t pos = 0;
    while (pos < all.size()) {
        size_t end = all.find("\n\n", pos);
        if (end == std::string::npos)
            end = all.size();
        std::string p = all.substr(pos, end - pos);
        const size_t a = p.find_first_not_of(" \n\t\r"), b = p.find_last_not_of(" \n\t\r");
        if (a != std::string::npos)
            paragraphs.push_back(p.substr(a, b - a + 1));
        pos = end + 2;
    }
    if (paragraphs.empty()) {
        std::fprintf(stderr, "no paragraphs in %s\n", textFile.c_str());
        return 1;
    }
    std::vector<TestRowGroup> groups;
    double bytes = 0;
    size_t dictBytes = 0;
    for (size_t i = 0; bytes < mb * 1e6; ++i) {
        if (i % 1000 == 0)
            groups.emplace_back();
        TestRowGroup &g = groups.back();
        std::string v = std::to_string(i) + ": " + paragraphs[i % paragraphs.size()];
        bytes += double(v.size());
        if (g.dictionary.empty())
            dictBytes = 0;
        const bool useDict = dictBytes + v.size() + 4 <= dictLimit;
        if (useDict) {
            g.dictionary.push_back(v);
            dictBytes += v.size() + 4;
        }
        const auto enc = useDict ? TestPage::Encoding::Dictionary : TestPage::Encoding::Plain;
        if (g.pages.empty() || g.pages.back().encoding != enc || g.pages.back().values.size() >= 20000)
            g.pages.push_back({TestPage::Kind::V1, enc, {}});
        g.pages.back().values.push_back(std::move(v));
    }
    const std::string file = writeTestParquet(groups, {true, false});
    std::ofstream(out, std::ios::binary).write(file.data(), std::streamsize(file.size()));
    std::printf("wrote %s: %zu row groups\n", out.c_str(), groups.size());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 3 && !std::strcmp(argv[1], "--write")) {
        std::string text;
        double mb = 120;
        size_t dictLimit = 96 * 1024;
        for (int i = 3; i + 1 < argc; i += 2) {
            if (!std::strcmp(argv[i], "--text"))
                text = argv[i + 1];
            else if (!std::strcmp(argv[i], "--mb"))
                mb = std::atof(argv[i + 1]);
            else if (!std::strcmp(argv[i], "--dict-limit"))
                dictLimit = size_t(std::atol(argv[i + 1]));
        }
        return writePyarrowShaped(argv[2], text, mb, dictLimit);
    }
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
