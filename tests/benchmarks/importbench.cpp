// Import throughput: generates a JSON Lines file of the requested size (real
// words, varied lengths), imports it through the real job engine and prints
// MB/s and the peak resident memory. Run at several sizes (see
// import_scaling.sh) to see that memory stays flat as the file grows.
#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobkinds.h"
#include "jobs/jobmanager.h"
#include "progress/progresshub.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <random>
#include <sys/resource.h>

namespace {

void generate(const QString &path, qint64 bytes)
{
    static const char *words[] = {"once", "upon", "a", "time", "there", "was", "little", "girl", "named", "Lily",
                                  "she", "loved", "to", "play", "in", "the", "park", "with", "her", "dog",
                                  "\\\"quoted\\\"", "caf\xC3\xA9", "na\xC3\xAFve", "\\u00e9t\\u00e9", "sun", "big"};
    std::mt19937 rng(42);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    QByteArray line;
    qint64 written = 0;
    for (qint64 id = 0; written < bytes; ++id) {
        line = "{\"id\":" + QByteArray::number(id) + ",\"text\":\"";
        const int n = 40 + int(rng() % 400);
        for (int i = 0; i < n; ++i) {
            line += words[rng() % (sizeof words / sizeof *words)];
            line += ' ';
        }
        line += "\",\"score\":" + QByteArray::number(double(rng() % 1000) / 7.0) + "}\n";
        f.write(line);
        written += line.size();
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 megabytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 500;
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("input.jsonl"));
    generate(input, megabytes * 1000 * 1000);
    const qint64 size = QFile(input).size();

    auto catalog = studio::catalog::Catalog::open(dir.filePath(QStringLiteral("data")));
    studio::progress::ProgressHub hub;
    studio::jobs::JobManager jobs(*catalog, hub);
    studio::jobs::registerJobKinds(jobs);
    studio::jobs::DatasetService service(*catalog, hub, jobs);

    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    QElapsedTimer clock;
    clock.start();
    const auto started = service.importLocal(input);
    jobs.waitForIdle(3600 * 1000);
    const double seconds = clock.nsecsElapsed() / 1e9;
    const auto d = catalog->dataset(started.datasetId);
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    std::printf("import jsonl  size %8.1f MB  rows %9lld  status %-6s  %7.1f MB/s  peak RSS %6.1f MB\n",
                size / 1e6, static_cast<long long>(d->numSamples), qPrintable(d->status), size / 1e6 / seconds,
                after.ru_maxrss / 1024.0);
    return d->status == QLatin1String("ready") ? 0 : 1;
}
