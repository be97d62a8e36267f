// Builds the data directory the documentation screenshots show: real
// imports and a real tokenization (the bundled TinyStories sample, a CSV, a
// broken file that fails), plus catalog records standing for datasets caught
// in the other states (queued, downloading, processing, cancelled,
// interrupted, a Hub error), since a screenshot cannot wait for a live Hub.
//   gui_screenshot_fixture DATA_DIR
#include "studiocontext.h"

#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobmanager.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace studio;

namespace {

void insert(catalog::Catalog &c, const QString &name, const QString &repo, const QString &config, const QString &split,
            const QString &status, double progress, const QString &message, const QString &error = {},
            qint64 samples = -1, qint64 size = -1)
{
    catalog::DatasetRecord d;
    d.name = name;
    d.source = repo.isEmpty() ? QStringLiteral("local") : QStringLiteral("hub");
    d.repoId = repo;
    d.config = config;
    d.split = split;
    if (repo.isEmpty()) {
        d.sourcePath = QStringLiteral("/home/ana/corpora/") + name;
        d.format = QStringLiteral("parquet");
    }
    d.status = status;
    d.progress = progress;
    d.message = message;
    d.errorMessage = error;
    d.numSamples = samples;
    d.sizeBytes = size;
    c.insertDataset(d);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gui_screenshot_fixture DATA_DIR\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    app::StudioContext context(dir);
    auto &service = context.datasets();
    const QString samples = QStringLiteral(STUDIO_SOURCE_DIR "/resources/samples/tinystories_sample.txt");

    insert(context.catalog(), QStringLiteral("openwebtext-10k"), QStringLiteral("stas/openwebtext-10k"), QStringLiteral("plain_text"),
           QStringLiteral("train"), catalog::status::Interrupted, 32.1,
           QStringLiteral("Interrupted: Dataset Studio closed during the download; retry resumes the partial files"));
    insert(context.catalog(), QStringLiteral("c4 (en, validation[:5%])"), QStringLiteral("allenai/c4"), QStringLiteral("en"),
           QStringLiteral("validation[:5%]"), catalog::status::Cancelled, 12.0, QStringLiteral("Cancelled"));
    insert(context.catalog(), QStringLiteral("private-corpus"), QStringLiteral("acme/private-corpus"), QStringLiteral("default"),
           QStringLiteral("train"), catalog::status::Error, 0.0, QStringLiteral("Download failed"),
           QStringLiteral("Dataset 'acme/private-corpus' not found. Check the repository id, or add an access token in "
                          "Settings if it is private."));

    const auto tiny = service.importLocal(samples, QStringLiteral("paragraphs"), QStringLiteral("TinyStories sample"));
    QFile csv(dir + QStringLiteral("/../reviews.csv"));
    if (csv.open(QIODevice::WriteOnly)) {
        QTextStream out(&csv);
        out << "id,review,stars\n";
        for (int i = 0; i < 2500; ++i)
            out << i << ",\"Review number " << i << ": the product worked " << (i % 3 ? "well" : "badly") << ".\"," << (i % 5 + 1) << "\n";
    }
    csv.close();
    service.importLocal(csv.fileName(), {}, QStringLiteral("product-reviews.csv"));
    QFile bad(dir + QStringLiteral("/../chat-logs.jsonl"));
    if (bad.open(QIODevice::WriteOnly))
        bad.write("{\"text\": \"hello\"}\n{\"text\": \"unterminated\n");
    bad.close();
    service.importLocal(bad.fileName(), {}, QStringLiteral("chat-logs.jsonl"));
    context.jobs().waitForIdle(60000);
    service.startTokenization(tiny.datasetId, jobs::TokenizeOptions());
    jobs::TokenizeOptions windows;
    windows.maxLength = 128;
    windows.overflow = QStringLiteral("windows");
    windows.stride = 16;
    service.startTokenization(tiny.datasetId, windows);
    context.jobs().waitForIdle(120000);

    insert(context.catalog(), QStringLiteral("web_crawl_2024.parquet"), {}, {}, {}, catalog::status::Processing, 67.3,
           QStringLiteral("Processing 134,600/200,000 rows..."), {}, -1, 412'000'000);
    insert(context.catalog(), QStringLiteral("TinyStories (train[:10%])"), QStringLiteral("roneneldan/TinyStories"), QStringLiteral("default"),
           QStringLiteral("train[:10%]"), catalog::status::Downloading, 45.2,
           QStringLiteral("Downloading from HuggingFace Hub... 107.4 MB / 237.6 MB"));
    insert(context.catalog(), QStringLiteral("wikitext-2 (train)"), QStringLiteral("Salesforce/wikitext"), QStringLiteral("wikitext-2-raw-v1"),
           QStringLiteral("train"), catalog::status::Queued, 0.0, QStringLiteral("Queued"));
    std::printf("%lld\n", static_cast<long long>(tiny.datasetId));
    return 0;
}
