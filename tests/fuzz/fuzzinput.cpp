#include "fuzzinput.h"

#include <QDir>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace studio::fuzz {

QString writeScratchFile(const uint8_t *data, size_t size, const char *suffix)
{
    static const std::string dir = [] {
        const char *shm = "/dev/shm";
        return std::string(::access(shm, W_OK) == 0 ? shm : "/tmp");
    }();
    const std::string path = dir + "/studio-fuzz-" + std::to_string(::getpid()) + suffix;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::perror("fuzz scratch file");
        std::abort();
    }
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) {
            std::perror("fuzz scratch file");
            std::abort();
        }
        done += size_t(n);
    }
    ::close(fd);
    return QString::fromStdString(path);
}

} // namespace studio::fuzz
