#pragma once

#include <QString>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <future>
#include <memory>
#include <string_view>

namespace studio::formats {

// An append-only file with a write buffer. Write errors (a full disk, a file
// size limit) throw FormatError with a message that says so.
class BufferedFile final
{
public:
    enum class Caching {
        PageCache, // ordinary writes: what is written stays cached for readers soon after
        // Large output read much later (token files): written around the page cache
        // (O_DIRECT) where the file system allows it, so the kernel neither copies
        // the bytes nor fills memory with them. Falls back to PageCache by itself.
        Direct,
    };

    explicit BufferedFile(const QString &path, Caching caching = Caching::PageCache, std::size_t bufferBytes = 1 << 20);
    ~BufferedFile();
    BufferedFile(const BufferedFile &) = delete;
    BufferedFile &operator=(const BufferedFile &) = delete;

    void write(std::string_view bytes)
    {
        if (bytes.size() <= m_capacity - m_used) {
            std::memcpy(m_buf.get() + m_used, bytes.data(), bytes.size());
            m_used += bytes.size();
            m_size += bytes.size();
            return;
        }
        writeThroughFull(bytes);
    }
    void writeU64(std::uint64_t v) { write(std::string_view(reinterpret_cast<const char *>(&v), sizeof v)); }
    void writeByte(std::uint8_t v) { write(std::string_view(reinterpret_cast<const char *>(&v), 1)); }
    // Flushes the buffer, writes `header` over the first bytes of the file (a
    // count known only at the end, say), syncs the file to disk and closes it.
    void close(std::string_view header = {});
    std::uint64_t size() const { return m_size; }
    // Whether writes still go around the page cache (for tests).
    bool direct() const { return m_direct; }

private:
    void writeThroughFull(std::string_view bytes);
    void flush();
    void writeAll(const char *data, std::size_t size);
    void stopDirect();
    void startBackgroundSync();
    void finishBackgroundSync();

    QString m_path;
    int m_fd = -1;
    bool m_direct = false;
    std::unique_ptr<char, decltype(&std::free)> m_buf{nullptr, &std::free};
    std::size_t m_capacity = 0;
    std::size_t m_used = 0;
    std::uint64_t m_size = 0;
    std::uint64_t m_written = 0;       // bytes handed to the kernel
    std::uint64_t m_writebackFrom = 0; // start of the range not yet sent to the disk
    std::future<int> m_backgroundSync; // a data sync beside the writes: its errno, 0 if it succeeded
};

} // namespace studio::formats
