// Fuzz target: the remote monitor's Engine.IO / Socket.IO packet parsers. Any
// input parses or is rejected with a reason; events are arrays led by a name,
// and what the server would answer re-encodes cleanly.
#include "remote/socketiopacket.h"

#include <QJsonObject>

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
    const EnginePacket engine = parseEnginePacket(bytes);
    if (engine.type != EnginePacket::Type::Invalid && engine.payload.size() != bytes.size() - 1)
        bug("engine payload is not the rest of the packet");
    // Both the whole input and its Engine.IO payload as a Socket.IO packet.
    for (const QByteArrayView payload : {bytes, QByteArrayView(engine.payload)}) {
        const SocketPacket p = parseSocketPacket(payload);
        if (p.type == SocketPacket::Type::Invalid) {
            if (p.error.isEmpty())
                bug("invalid without a reason");
            continue;
        }
        if (p.nsp.isEmpty() || !p.nsp.startsWith(QLatin1Char('/')))
            bug("namespace does not start with /");
        if (p.type == SocketPacket::Type::Event) {
            if (!p.data.isArray() || p.data.toArray().isEmpty() || !p.data.toArray().at(0).isString())
                bug("event without a name");
            const QByteArray reply = encodeSocketEvent(p.eventName(), p.argument(0));
            if (!reply.startsWith("42["))
                bug("bad event encoding");
            if (p.ackId) {
                const QByteArray ack = encodeSocketAck(*p.ackId, QJsonArray{QJsonObject{{QStringLiteral("ok"), true}}});
                if (!ack.startsWith("43"))
                    bug("bad ack encoding");
            }
        }
        if (p.type == SocketPacket::Type::Connect && !p.data.isUndefined() && !p.data.isObject())
            bug("CONNECT with a non-object payload");
    }
    return 0;
}
