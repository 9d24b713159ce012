#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Socket options on the data path.
enum SocketTuning {
    /// Acknowledge what the upstream sent at once. Jupyter servers leave Nagle's algorithm on
    /// for kernel WebSockets, so their second small message (`status: idle`) waits until the
    /// first is acknowledged; a delayed ACK here would stall it by ~40 ms. Linux clears
    /// `TCP_QUICKACK` after use, so this is re-armed after every read.
    static func acknowledgeNow(_ channel: any Channel) {
        #if os(Linux)
        try? channel.syncOptions?.setOption(
            ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_QUICKACK)), value: 1)
        #endif
    }
}
