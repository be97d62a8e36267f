#include "parquet/parquetfile.h"

#include "parquet/parqueterror.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace studio::parquet {

struct ParquetFile::Impl
{
    std::string name;
    void *map = nullptr;
    size_t mapSize = 0;
    std::vector<uint8_t> buffer;
    std::span<const uint8_t> bytes;
    FileMetaData metadata;
    Schema schema;
    std::vector<int64_t> firstRows; // per row group, plus the total at the end

    ~Impl()
    {
        if (map)
            ::munmap(map, mapSize);
    }
};

ParquetFile::ParquetFile(std::unique_ptr<Impl> d)
    : m_d(std::move(d))
{
}

ParquetFile::ParquetFile(ParquetFile &&) noexcept = default;
ParquetFile &ParquetFile::operator=(ParquetFile &&) noexcept = default;
ParquetFile::~ParquetFile() = default;

ParquetFile ParquetFile::open(const std::string &path)
{
    auto d = std::make_unique<Impl>();
    d->name = path;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw ParquetError(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st{};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw ParquetError(path, std::string("cannot stat: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw ParquetError(path, "not a regular file");
    }
    if (st.st_size < 12) {
        ::close(fd);
        throw ParquetError(path, "not a parquet file: only " + std::to_string(st.st_size) + " bytes long");
    }
    d->mapSize = size_t(st.st_size);
    d->map = ::mmap(nullptr, d->mapSize, PROT_READ, MAP_PRIVATE, fd, 0);
    const int err = errno;
    ::close(fd);
    if (d->map == MAP_FAILED) {
        d->map = nullptr;
        throw ParquetError(path, std::string("cannot map the file: ") + std::strerror(err));
    }
    d->bytes = {static_cast<const uint8_t *>(d->map), d->mapSize};
    return finishOpen(std::move(d));
}

ParquetFile ParquetFile::fromBuffer(std::vector<uint8_t> bytes, const std::string &name)
{
    auto d = std::make_unique<Impl>();
    d->name = name;
    d->buffer = std::move(bytes);
    d->bytes = d->buffer;
    if (d->bytes.size() < 12)
        throw ParquetError(name, "not a parquet file: only " + std::to_string(d->bytes.size()) + " bytes long");
    return finishOpen(std::move(d));
}

ParquetFile ParquetFile::finishOpen(std::unique_ptr<Impl> d)
{
    const std::span<const uint8_t> b = d->bytes;
    if (std::memcmp(b.data(), kParquetMagic.data(), 4) != 0)
        throw ParquetError(d->name, "not a parquet file: it does not start with \"PAR1\"");
    const uint32_t len = footerLengthFromTail(b.subspan(b.size() - kFooterTailSize), b.size(), d->name);
    d->metadata = parseFileMetaData(b.subspan(b.size() - kFooterTailSize - len, len), d->name);
    d->schema = Schema(d->metadata, d->name);
    const size_t leaves = d->schema.leaves().size();
    int64_t row = 0;
    for (size_t g = 0; g < d->metadata.rowGroups.size(); ++g) {
        const RowGroup &rg = d->metadata.rowGroups[g];
        if (rg.columns.size() != leaves)
            throw ParquetError(d->name, "corrupt footer: row group " + std::to_string(g) + " has "
                                            + std::to_string(rg.columns.size()) + " column chunks, the schema "
                                            + std::to_string(leaves) + " columns");
        d->firstRows.push_back(row);
        row += rg.numRows;
    }
    d->firstRows.push_back(row);
    return ParquetFile(std::move(d));
}

const std::string &ParquetFile::name() const { return m_d->name; }
const FileMetaData &ParquetFile::metadata() const { return m_d->metadata; }
const Schema &ParquetFile::schema() const { return m_d->schema; }
std::span<const uint8_t> ParquetFile::bytes() const { return m_d->bytes; }
int64_t ParquetFile::numRows() const { return m_d->metadata.numRows; }
int ParquetFile::numRowGroups() const { return static_cast<int>(m_d->metadata.rowGroups.size()); }
int64_t ParquetFile::rowGroupNumRows(int g) const { return m_d->metadata.rowGroups.at(size_t(g)).numRows; }
int64_t ParquetFile::rowGroupFirstRow(int g) const { return m_d->firstRows.at(size_t(g)); }

int ParquetFile::rowGroupOfRow(int64_t row) const
{
    const auto &f = m_d->firstRows;
    if (row < 0 || row >= f.back())
        return -1;
    const auto it = std::upper_bound(f.begin(), f.end(), row);
    return static_cast<int>(it - f.begin()) - 1;
}

void ParquetFile::releaseRange(size_t offset, size_t length) const
{
    if (!m_d->map || offset >= m_d->mapSize)
        return;
    const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    const size_t begin = (offset + page - 1) / page * page; // whole pages inside the range only
    const size_t end = std::min(offset + length, m_d->mapSize) / page * page;
    if (end > begin)
        ::madvise(static_cast<uint8_t *>(m_d->map) + begin, end - begin, MADV_DONTNEED);
}

std::string ParquetFile::context(int rowGroup, int leafIndex) const
{
    const LeafColumn &leaf = m_d->schema.leaves().at(size_t(leafIndex));
    std::string path;
    for (const std::string &p : leaf.path)
        path += (path.empty() ? "" : ".") + p;
    return m_d->name + ": column \"" + path + "\", row group " + std::to_string(rowGroup);
}

ColumnChunkReader ParquetFile::columnChunk(int rowGroup, int leafIndex) const
{
    const RowGroup &rg = m_d->metadata.rowGroups.at(size_t(rowGroup));
    return ColumnChunkReader(m_d->bytes, rg.columns.at(size_t(leafIndex)), m_d->schema.leaves().at(size_t(leafIndex)),
                             rg.numRows, context(rowGroup, leafIndex));
}

} // namespace studio::parquet
