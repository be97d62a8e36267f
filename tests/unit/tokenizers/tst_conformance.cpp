// Ids equal to the reference (Hugging Face tokenizers) on every document of
// every corpus, with and without special tokens, for every tokenizer. The
// expected values come from tests/fixtures/tokenizers/generate.mjs (and
// unigram.mjs for the two Unigram tokenizers).
#include "gzipfile.h"
#include "testsupport.h"
#include "tokenizers/tokenizer.h"
#include "util/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using studio::tokenizers::Tokenizer;

namespace {

std::vector<std::string> documents(const QString &corpus)
{
    const QString base = studio::test::dataPath(QStringLiteral("tokenizers/corpora/") + corpus);
    const QByteArray bytes = corpus == QLatin1String("adversarial") ? studio::test::readFile(base + QStringLiteral(".jsonl"))
                                                                    : readGzip(base + QStringLiteral(".jsonl.gz"));
    std::vector<std::string> docs;
    for (const QByteArray &line : bytes.split('\n')) {
        if (!line.isEmpty())
            docs.push_back(studio::parseJson(std::string_view(line.constData(), static_cast<std::size_t>(line.size()))).object().value(QStringLiteral("text")).toString().toStdString());
    }
    return docs;
}

QString fingerprint(const std::vector<std::uint32_t> &ids)
{
    std::uint32_t a = 0x811c9dc5u, b = 0x01000193u ^ 0x5bd1e995u;
    for (std::uint32_t id : ids) {
        a = (a ^ id) * 16777619u;
        b = (b ^ (id + 0x9e3779b9u)) * 0x01000193u;
    }
    return QStringLiteral("%1 %2%3").arg(ids.size()).arg(a, 8, 16, QLatin1Char('0')).arg(b, 8, 16, QLatin1Char('0'));
}

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyDocument_data()
    {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<bool>("compiled");
        for (const char *t : {"gpt2", "cl100k", "llama3", "qwen3", "llama2", "bert-base-cased", "unigram", "unigram-bytefallback"})
            QTest::newRow(t) << QString::fromLatin1(t) << false;
        // The same documents through the compiled form (the compiled
        // tokenizer cache's): every BPE model, read back from its bytes.
        for (const char *t : {"gpt2", "cl100k", "llama3", "qwen3", "llama2"})
            QTest::newRow(qPrintable(QStringLiteral("%1 compiled").arg(QLatin1String(t)))) << QString::fromLatin1(t) << true;
    }

    void everyDocument()
    {
        QFETCH(QString, tokenizer);
        QFETCH(bool, compiled);
        const QByteArray json = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/") + tokenizer + QStringLiteral("/tokenizer.json.gz")));
        QVERIFY(!json.isEmpty());
        auto tok = Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        if (compiled) {
            const std::string bytes = tok->compiled();
            QVERIFY(!bytes.empty());
            tok = Tokenizer::fromCompiled(bytes);
        }
        int checked = 0;
        for (const QString &corpus : {QStringLiteral("tinystories_train_head_lowercase"), QStringLiteral("english_prose"),
                                     QStringLiteral("tinystories_valid_head"), QStringLiteral("adversarial")}) {
            const auto docs = documents(corpus);
            QVERIFY2(docs.size() > 40, qPrintable(corpus));
            for (int special = 0; special <= 1; ++special) {
                const QString expectedPath = studio::test::dataPath(QStringLiteral("tokenizers/expected/%1.%2.%3.%4")
                                                                        .arg(tokenizer, corpus)
                                                                        .arg(special)
                                                                        .arg(corpus == QLatin1String("adversarial")
                                                                                 ? QStringLiteral("jsonl")
                                                                                 : QStringLiteral("hashes.gz")));
                const QList<QByteArray> expected = readGzip(expectedPath).split('\n');
                QVERIFY2(expected.size() >= static_cast<qsizetype>(docs.size()), qPrintable(expectedPath));
                std::vector<std::string_view> views(docs.begin(), docs.end());
                const auto all = tok->encodeBatch(views, special == 1);
                for (std::size_t i = 0; i < docs.size(); ++i) {
                    QString want = QString::fromLatin1(expected[static_cast<qsizetype>(i)]);
                    QString got;
                    if (corpus == QLatin1String("adversarial")) {
                        QJsonArray ids;
                        for (std::uint32_t id : all[i])
                            ids.append(static_cast<qint64>(id));
                        got = QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact));
                    } else {
                        got = fingerprint(all[i]);
                    }
                    if (got != want)
                        QFAIL(qPrintable(QStringLiteral("%1 %2 special=%3 document %4 differs: got %5, expected %6")
                                             .arg(tokenizer, corpus)
                                             .arg(special)
                                             .arg(i)
                                             .arg(got.left(200), want.left(200))));
                    ++checked;
                }
            }
        }
        qInfo("%s%s: %d documents equal to the reference", qPrintable(tokenizer), compiled ? " (compiled)" : "", checked);
    }

    // decode() equals the reference's decode of its own ids (with the
    // template's special tokens), skipping special tokens or not.
    void decodeEqualsTheReference_data() { everyDocument_data(); }
    void decodeEqualsTheReference()
    {
        QFETCH(QString, tokenizer);
        const QByteArray json = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/") + tokenizer + QStringLiteral("/tokenizer.json.gz")));
        auto tok = Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        QFETCH(bool, compiled);
        if (compiled)
            tok = Tokenizer::fromCompiled(tok->compiled());
        const QList<QByteArray> ids = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/expected/%1.adversarial.1.jsonl").arg(tokenizer))).split('\n');
        const QList<QByteArray> texts = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/expected/%1.adversarial.decoded.jsonl").arg(tokenizer))).split('\n');
        int checked = 0;
        for (qsizetype i = 0; i < texts.size(); ++i) {
            if (texts[i].isEmpty())
                continue;
            std::vector<std::uint32_t> list;
            for (const QJsonValue &v : QJsonDocument::fromJson(ids[i]).array())
                list.push_back(static_cast<std::uint32_t>(v.toInteger()));
            const QJsonArray want = QJsonDocument::fromJson(texts[i]).array();
            for (int skip = 0; skip <= 1; ++skip) {
                const QString got = QString::fromStdString(tok->decode(list, skip == 1));
                if (got != want.at(skip).toString())
                    QFAIL(qPrintable(QStringLiteral("%1 document %2 skip=%3: got \"%4\", expected \"%5\"")
                                         .arg(tokenizer).arg(i).arg(skip).arg(got.left(120), want.at(skip).toString().left(120))));
                ++checked;
            }
        }
        QVERIFY(checked > 80);
    }

    // Every decoder type on tricky token strings, as the reference decodes them.
    void everyDecoderType()
    {
        const QJsonObject fixture = QJsonDocument::fromJson(readGzip(studio::test::dataPath(QStringLiteral("tokenizers/expected/decoders.json")))).object();
        QJsonObject vocab;
        const QJsonArray strings = fixture.value(QStringLiteral("vocab")).toArray();
        for (qsizetype i = 0; i < strings.size(); ++i)
            vocab.insert(strings[i].toString(), static_cast<int>(i));
        const int special = fixture.value(QStringLiteral("special")).toInt();
        const QJsonArray cases = fixture.value(QStringLiteral("cases")).toArray();
        QVERIFY(cases.size() >= 200);
        for (const QJsonValue &c : cases) {
            const QJsonObject o = c.toObject();
            const QJsonObject root{
                {QStringLiteral("added_tokens"), QJsonArray{QJsonObject{{QStringLiteral("id"), special},
                                                                        {QStringLiteral("content"), QStringLiteral("<s>")},
                                                                        {QStringLiteral("special"), true}}}},
                {QStringLiteral("decoder"), o.value(QStringLiteral("decoder"))},
                {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                                                      {QStringLiteral("vocab"), vocab},
                                                      {QStringLiteral("merges"), QJsonArray{}}}}};
            const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Compact);
            const auto tok = Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
            std::vector<std::uint32_t> ids;
            for (const QJsonValue &v : o.value(QStringLiteral("ids")).toArray())
                ids.push_back(static_cast<std::uint32_t>(v.toInt()));
            const QString got = QString::fromStdString(tok->decode(ids, o.value(QStringLiteral("skip")).toBool()));
            const QString decoder = QString::fromUtf8(QJsonDocument(o.value(QStringLiteral("decoder")).toObject()).toJson(QJsonDocument::Compact));
            QVERIFY2(got == o.value(QStringLiteral("text")).toString(),
                     qPrintable(decoder + QStringLiteral(": got \"") + got + QStringLiteral("\", expected \"")
                                + o.value(QStringLiteral("text")).toString() + QLatin1Char('"')));
        }
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
