#if canImport(Glibc)
import Glibc
#endif

/// Picks a TCP port that nothing listens on right now (for servers, and for configurations asking for port 0).
public enum FreePort {
    /// - Parameter host: an IPv4 address to bind; anything else uses 127.0.0.1.
    public static func find(host: String = "127.0.0.1") throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SpawnError("cannot open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        let ipv4 = host.split(separator: ".").count == 4 ? host : "127.0.0.1"
        address.sin_addr.s_addr = inet_addr(ipv4)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw SpawnError("cannot find a free port on \(ipv4)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
