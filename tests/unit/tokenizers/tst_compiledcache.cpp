// The compiled tokenizer cache: a hit gives the same tokenizer and SHA-256 as
// parsing the file; a damaged, cut or foreign cache file is never used (and
// never crashes the reader); a changed source is parsed again.
#include "gzipfile.h"
#include "testsupport.h"
#include "tokenizers/compiledtokenizercache.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"
#include "tokenizers/tokenizerresolver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace studio::tokenizers;

namespace {

QByteArray gpt2Json()
{
    return readGzip(studio::test::dataPath(QStringLiteral("tokenizers/gpt2/tokenizer.json.gz")));
}

const char *const kText = "Once upon a time, there was a little dog named Max. \xF0\x9F\x90\xB6 It's 2024!";

} // namespace

class TestCompiledCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storeThenLoad()
    {
        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("tokenizer.json"));
        const QByteArray json = gpt2Json();
        QVERIFY(studio::test::writeFile(source, json));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
        const auto parsed = Tokenizer::fromJson(std::string_view(json.constData(), std::size_t(json.size())));
        const CompiledTokenizerCache cache(dir.filePath(QStringLiteral("cache")));
        const QString identity = CompiledTokenizerCache::identity(source);
        QVERIFY(!identity.isEmpty());
        QVERIFY(!cache.load(identity));
        cache.store(identity, sha, parsed->compiled());
        QVERIFY(QFile::exists(cache.fileFor(identity)));
        const auto hit = cache.load(identity);
        QVERIFY(hit);
        QCOMPARE(hit->sha256, sha);
        QCOMPARE(hit->tokenizer->encode(kText), parsed->encode(kText));
        QCOMPARE(hit->tokenizer->vocabSize(), parsed->vocabSize());
        QCOMPARE(hit->tokenizer->tokenText(15496), parsed->tokenText(15496));
        QCOMPARE(hit->tokenizer->eosId(), parsed->eosId());

        // A changed source has another identity: its old compiled copy is not used.
        QTest::qWait(20); // a later modification time, even on coarse clocks
        QVERIFY(studio::test::writeFile(source, json + "\n"));
        const QString changed = CompiledTokenizerCache::identity(source);
        QVERIFY(changed != identity);
        QVERIFY(!cache.load(changed));
    }

    void damagedFilesAreRemovedNotUsed()
    {
        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("tokenizer.json"));
        const QByteArray json = gpt2Json();
        QVERIFY(studio::test::writeFile(source, json));
        const auto parsed = Tokenizer::fromJson(std::string_view(json.constData(), std::size_t(json.size())));
        const CompiledTokenizerCache cache(dir.filePath(QStringLiteral("cache")));
        const QString identity = CompiledTokenizerCache::identity(source);
        const std::string compiled = parsed->compiled();
        const auto damage = [&](const std::function<void(QByteArray &)> &edit) {
            cache.store(identity, QString(64, QLatin1Char('a')), compiled);
            QFile f(cache.fileFor(identity));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QByteArray bytes = f.readAll();
            f.close();
            edit(bytes);
            QVERIFY(studio::test::writeFile(cache.fileFor(identity), bytes));
            QVERIFY(!cache.load(identity));
            QVERIFY2(!QFile::exists(cache.fileFor(identity)), "a damaged file stays in the cache");
        };
        damage([](QByteArray &b) { b[b.size() / 2] = char(b[b.size() / 2] ^ 0x40); }); // a flipped bit: checksum
        damage([](QByteArray &b) { b.truncate(b.size() - 1000); });                     // cut short
        damage([](QByteArray &b) { b[0] = 'X'; });                                        // not our format
        damage([](QByteArray &b) { b.truncate(5); });
    }

    void keepsTheNewestFiles()
    {
        QTemporaryDir dir;
        const CompiledTokenizerCache cache(dir.filePath(QStringLiteral("cache")));
        for (int i = 0; i < CompiledTokenizerCache::kKeptFiles + 3; ++i)
            cache.store(QStringLiteral("source %1").arg(i), QString(64, QLatin1Char('b')), std::string(100, char('a' + i)));
        const QStringList left = QDir(dir.filePath(QStringLiteral("cache"))).entryList(QDir::Files);
        QCOMPARE(left.size(), CompiledTokenizerCache::kKeptFiles);
        QVERIFY(left.contains(QFileInfo(cache.fileFor(QStringLiteral("source %1").arg(CompiledTokenizerCache::kKeptFiles + 2))).fileName()));
    }

    // fromCompiled on bytes that are cut or altered anywhere (the checksum
    // bypassed) throws or gives a tokenizer that still encodes: it never reads
    // out of bounds (ASan in CI) nor loops.
    void alteredCompiledBytesNeverCrash()
    {
        const QByteArray json = gpt2Json();
        const std::string compiled = Tokenizer::fromJson(std::string_view(json.constData(), std::size_t(json.size())))->compiled();
        QVERIFY(compiled.size() > 1000000);
        std::mt19937_64 rng(20261203);
        int refused = 0, loaded = 0;
        for (int trial = 0; trial < 120; ++trial) {
            std::string bytes = compiled;
            if (trial % 3 == 0) {
                bytes.resize(std::uniform_int_distribution<std::size_t>(0, compiled.size() - 1)(rng));
            } else {
                for (int k = 0; k < 1 + trial % 4; ++k) {
                    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, compiled.size() - 1)(rng);
                    bytes[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
                }
            }
            try {
                const auto tok = Tokenizer::fromCompiled(bytes);
                (void)tok->encode(kText);
                ++loaded;
            } catch (const TokenizerError &) {
                ++refused;
            }
        }
        qInfo("altered compiled bytes: %d refused, %d loaded and encoded", refused, loaded);
        QVERIFY(refused > 0);
    }

    // Through the resolver: the first load writes the compiled copy, a damaged
    // copy is replaced, and the SHA-256 always is the file's.
    void resolverWritesAndRepairsTheCache()
    {
        QTemporaryDir dir;
        qputenv("DATASET_STUDIO_TOKENIZER_CACHE", dir.filePath(QStringLiteral("cache")).toLocal8Bit());
        const QString source = dir.filePath(QStringLiteral("tokenizer.json"));
        const QByteArray json = gpt2Json();
        QVERIFY(studio::test::writeFile(source, json));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
        const auto first = TokenizerResolver().resolve(source);
        QCOMPARE(first.sha256, sha);
        const CompiledTokenizerCache cache;
        const QString file = cache.fileFor(CompiledTokenizerCache::identity(source));
        QVERIFY(QFile::exists(file));
        QVERIFY(studio::test::writeFile(file, "damaged"));
        const auto second = TokenizerResolver().resolve(source);
        QCOMPARE(second.sha256, sha);
        QCOMPARE(second.tokenizer->encode("Hello world"), (std::vector<std::uint32_t>{15496, 995}));
        const auto repaired = cache.load(CompiledTokenizerCache::identity(source));
        QVERIFY2(repaired, "the damaged compiled copy was not written again");
        QCOMPARE(repaired->sha256, sha);
        qunsetenv("DATASET_STUDIO_TOKENIZER_CACHE");
    }
};

QTEST_GUILESS_MAIN(TestCompiledCache)
#include "tst_compiledcache.moc"
