// Fuzz target: the split-spec parser and slicer (datasets' grammar). Any input
// must give a HubError or row ranges inside the splits, never a crash.
#include "hub/huberror.h"
#include "hub/splitspec.h"

#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace studio::hub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString spec = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)SplitSpec::validate(spec);
    try {
        const SplitSpec s = SplitSpec::parse(spec);
        for (const qint64 n : {qint64(0), qint64(1), qint64(99), qint64(100), qint64(21990), qint64(2119719), qint64(1) << 50}) {
            try {
                const auto ranges = s.resolve({{QStringLiteral("train"), n}, {QStringLiteral("validation"), n / 3}, {QStringLiteral("test"), 50}});
                for (const auto &r : ranges) {
                    const qint64 rows = r.split == QLatin1String("train") ? n : r.split == QLatin1String("validation") ? n / 3 : 50;
                    if (r.first < 0 || r.last < 0 || r.first > rows || r.last > rows)
                        std::abort(); // a range outside its split: a bug
                }
            } catch (const HubError &) {
            }
        }
    } catch (const HubError &) {
    }
    return 0;
}
