#include "formats/columnstore.h"

#include "formats/formaterror.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace studio::formats {

namespace {

const uchar *mapWhole(QFile &file, const QString &dir)
{
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(QStringLiteral("Dataset storage %1 is incomplete: cannot open %2").arg(dir, file.fileName()));
    if (file.size() == 0)
        return nullptr;
    const uchar *p = file.map(0, file.size());
    if (!p)
        throw FormatError(QStringLiteral("Cannot map %1: %2").arg(file.fileName(), file.errorString()));
    return p;
}

// The pages before `end` of a mapping, but the one `end` is in: it holds the
// rows read next.
void releasePagesBefore(const void *base, std::uint64_t end)
{
    static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t to = end / page * page;
    if (base && to > 0)
        ::madvise(const_cast<char *>(static_cast<const char *>(base)), to, MADV_DONTNEED);
}

// `length` bytes of `file` from `offset`, or a FormatError.
void readExactly(QFile &file, void *to, std::size_t length, std::uint64_t offset)
{
    auto *bytes = static_cast<char *>(to);
    for (std::size_t done = 0; done < length;) {
        const ssize_t n = ::pread(file.handle(), bytes + done, length - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw FormatError(QStringLiteral("Cannot read dataset storage %1: %2")
                                  .arg(file.fileName(), n < 0 ? QString::fromLocal8Bit(std::strerror(errno))
                                                              : QStringLiteral("the file is shorter than its index")));
        done += static_cast<std::size_t>(n);
    }
}

} // namespace

ColumnStore::~ColumnStore() = default;

std::unique_ptr<ColumnStore> ColumnStore::open(const QString &directory)
{
    const QDir dir(directory);
    QFile manifestFile(dir.filePath(QStringLiteral("manifest.json")));
    if (!manifestFile.open(QIODevice::ReadOnly))
        throw FormatError(QStringLiteral("Dataset storage %1 is missing or incomplete (no manifest.json)").arg(directory));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    if (manifest.value(QStringLiteral("version")).toInt() != 1)
        throw FormatError(QStringLiteral("Dataset storage %1 has an unknown format version").arg(directory));

    std::unique_ptr<ColumnStore> store(new ColumnStore);
    store->m_dir = directory;
    store->m_rows = manifest.value(QStringLiteral("num_rows")).toInteger();
    store->m_schema = manifest.value(QStringLiteral("columns")).toArray();
    const auto rows = static_cast<std::uint64_t>(store->m_rows);
    store->m_columns.resize(static_cast<std::size_t>(store->m_schema.size()));
    for (qsizetype i = 0; i < store->m_schema.size(); ++i) {
        Column &c = store->m_columns[static_cast<std::size_t>(i)];
        c.name = store->m_schema.at(i).toObject().value(QStringLiteral("name")).toString();
        const QString base = QStringLiteral("c") + QString::number(i);
        c.dataFile = std::make_unique<QFile>(dir.filePath(base + QStringLiteral(".data")));
        c.offFile = std::make_unique<QFile>(dir.filePath(base + QStringLiteral(".off")));
        c.typFile = std::make_unique<QFile>(dir.filePath(base + QStringLiteral(".typ")));
        c.data = reinterpret_cast<const char *>(mapWhole(*c.dataFile, directory));
        c.dataSize = static_cast<std::uint64_t>(c.dataFile->size());
        c.offsets = reinterpret_cast<const std::uint64_t *>(mapWhole(*c.offFile, directory));
        c.types = mapWhole(*c.typFile, directory);
        if (static_cast<std::uint64_t>(c.offFile->size()) != rows * 8 || static_cast<std::uint64_t>(c.typFile->size()) != rows
            || (rows > 0 && c.offsets[rows - 1] > c.dataSize))
            throw FormatError(QStringLiteral("Dataset storage %1 is damaged (column %2 does not match its manifest)")
                                  .arg(directory, c.name));
    }
    return store;
}

QString ColumnStore::columnName(int column) const
{
    return m_columns.at(static_cast<std::size_t>(column)).name;
}

int ColumnStore::columnIndex(const QString &name) const
{
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

ColumnStore::Value ColumnStore::value(std::int64_t row, int column) const
{
    if (row < 0 || row >= m_rows || column < 0 || column >= columnCount())
        throw FormatError(QStringLiteral("Row %1, column %2 is outside the dataset").arg(row).arg(column));
    const Column &c = m_columns[static_cast<std::size_t>(column)];
    const auto r = static_cast<std::size_t>(row);
    const std::uint64_t end = c.offsets[r];
    const std::uint64_t begin = r == 0 ? 0 : c.offsets[r - 1];
    if (begin > end || end > c.dataSize)
        throw FormatError(QStringLiteral("Dataset storage %1 is damaged at row %2").arg(m_dir).arg(row));
    const auto type = static_cast<ValueType>(c.types[r]);
    if (type > ValueType::Json)
        throw FormatError(QStringLiteral("Dataset storage %1 is damaged at row %2").arg(m_dir).arg(row));
    return Value{type, std::string_view(c.data + begin, end - begin)};
}

void ColumnStore::readBlock(int column, std::int64_t first, std::int64_t last, ValueBlock &out) const
{
    out.clear();
    if (column < 0 || column >= columnCount())
        throw FormatError(QStringLiteral("Column %1 is outside the dataset").arg(column));
    first = std::max<std::int64_t>(0, first);
    last = std::min(last, m_rows);
    if (first >= last)
        return;
    const Column &c = m_columns[static_cast<std::size_t>(column)];
    // The offsets (with the one before `first`, where the block starts) and
    // the types are read too, not touched through their mappings: no pages of
    // them to release afterwards, so no TLB shootdown interrupting the other
    // workers (2,181 madvise calls on a 1.5 M-row pass before).
    const std::int64_t from = first == 0 ? 0 : first - 1;
    thread_local std::vector<std::uint64_t> offsets;
    thread_local std::vector<std::uint8_t> types;
    offsets.resize(static_cast<std::size_t>(last - from));
    types.resize(static_cast<std::size_t>(last - first));
    readExactly(*c.offFile, offsets.data(), offsets.size() * 8, static_cast<std::uint64_t>(from) * 8);
    readExactly(*c.typFile, types.data(), types.size(), static_cast<std::uint64_t>(first));
    const std::uint64_t *ends = offsets.data() + (first - from);
    const std::uint64_t begin = first == 0 ? 0 : offsets[0];
    std::uint64_t previous = begin;
    for (std::int64_t r = first; r < last; ++r) {
        const std::uint64_t end = ends[r - first];
        const auto type = static_cast<ValueType>(types[static_cast<std::size_t>(r - first)]);
        if (end < previous || end > c.dataSize || type > ValueType::Json)
            throw FormatError(QStringLiteral("Dataset storage %1 is damaged at row %2").arg(m_dir).arg(r));
        out.endValueAt(static_cast<std::size_t>(end - begin), type);
        previous = end;
    }
    const auto length = static_cast<std::size_t>(previous - begin);
    if (length == 0)
        return;
    // A file cut short since it was mapped would fault (SIGBUS) where the
    // views reach past its end: checked first, an error like a short read.
    struct stat st{};
    if (::fstat(c.dataFile->handle(), &st) != 0 || std::uint64_t(st.st_size) < previous)
        throw FormatError(QStringLiteral("Cannot read dataset storage %1: the file is shorter than its index")
                              .arg(c.dataFile->fileName()));
    // Viewed, not copied: 2.8% of a 10x job's CPU was the kernel copying the
    // values out (43 ms wall, measured against pread with the releases below).
    out.viewInto(c.data + begin);
    static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t firstPage = begin / page * page;
    ::madvise(const_cast<char *>(c.data) + firstPage, previous - firstPage, MADV_WILLNEED);
    // Blocks are read about in order and encoded a few at a time per core:
    // what lies well behind this one (16 MB, or 32 blocks like it) is done
    // with (were it not, it is read again from the page cache: slower, still
    // right). Released every 8 MB, not per block: each release interrupts the
    // other cores to flush their TLBs.
    const std::uint64_t lag = std::max<std::uint64_t>(16u << 20, 32 * std::uint64_t(length)), step = 8u << 20;
    std::uint64_t released = c.viewsReleased->load();
    if (begin > released + lag + step) {
        const std::uint64_t to = (begin - lag) / page * page;
        if (c.viewsReleased->compare_exchange_strong(released, to))
            ::madvise(const_cast<char *>(c.data) + released, to - released, MADV_DONTNEED);
    }
}

void ColumnStore::releaseBefore(int column, std::int64_t last) const
{
    if (column < 0 || column >= columnCount())
        return;
    last = std::min(last, m_rows);
    if (last <= 0)
        return;
    const Column &c = m_columns[static_cast<std::size_t>(column)];
    const auto l = static_cast<std::size_t>(last);
    releasePagesBefore(c.data, std::min(c.offsets[l - 1], c.dataSize));
    releasePagesBefore(c.offsets, l * 8);
    releasePagesBefore(c.types, l);
}

} // namespace studio::formats
