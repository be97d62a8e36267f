// Fuzz target: the remote monitor's JSON-protocol message parser (/ws) and the
// HTTP request-head parser in front of it. Any input parses or is rejected
// with a reason; what parses satisfies the parser's own promises.
#include "remote/clientmessage.h"
#include "remote/httprequest.h"

#include <cstdio>
#include <cstdlib>

using namespace studio::remote;

namespace {

[[noreturn]] void bug(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ClientMessage m = parseClientMessage(bytes);
    switch (m.type) {
    case ClientMessage::Type::Invalid:
        if (m.errorCode.isEmpty() || m.error.isEmpty())
            bug("an invalid message without an error code and message");
        break;
    case ClientMessage::Type::Subscribe:
    case ClientMessage::Type::Unsubscribe:
        if (m.channel.isEmpty() || m.channel.size() > kMaxChannelLength)
            bug("a (un)subscribe without a bounded channel");
        (void)isMonitorChannel(m.channel);
        break;
    case ClientMessage::Type::Hello:
        if (m.protocol < 0)
            bug("negative protocol");
        break;
    case ClientMessage::Type::Ping:
        break;
    }
    for (const qsizetype limit : {qsizetype(64), qsizetype(16 * 1024)}) {
        const HttpParseResult r = parseHttpRequest(bytes, limit);
        if (r.status == HttpParseResult::Status::Complete) {
            if (!r.request.target.startsWith('/') || r.request.method.isEmpty())
                bug("a complete request without method or absolute path");
            if (r.request.path.size() > r.request.target.size())
                bug("path longer than the target");
            (void)r.request.isWebSocketUpgrade();
            (void)r.request.queryValue("EIO");
        }
        if (r.status == HttpParseResult::Status::Malformed && r.error.isEmpty())
            bug("malformed without a reason");
    }
    return 0;
}
