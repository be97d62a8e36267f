#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>

namespace studio::formats {

// An append-only file with a write buffer. Write errors (a full disk, a file
// size limit) throw FormatError with a message that says so.
class BufferedFile final
{
public:
    explicit BufferedFile(const QString &path, std::size_t bufferBytes = 1 << 20);
    ~BufferedFile();
    BufferedFile(const BufferedFile &) = delete;
    BufferedFile &operator=(const BufferedFile &) = delete;

    void write(std::string_view bytes);
    void writeU64(std::uint64_t v) { write(std::string_view(reinterpret_cast<const char *>(&v), sizeof v)); }
    void writeByte(std::uint8_t v) { write(std::string_view(reinterpret_cast<const char *>(&v), 1)); }
    // Flushes the buffer and syncs the file to disk, then closes it.
    void close();
    std::uint64_t size() const { return m_size; }

private:
    void flush();
    QString m_path;
    int m_fd = -1;
    std::string m_buf;
    std::size_t m_capacity;
    std::uint64_t m_size = 0;
    std::uint64_t m_written = 0;       // bytes handed to the kernel
    std::uint64_t m_writebackFrom = 0; // start of the range not yet sent to the disk
};

} // namespace studio::formats
