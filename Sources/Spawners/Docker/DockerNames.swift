/// Container and volume names for a (user, server) pair, readable and injective: different
/// pairs can never get the same name (the flaw behind kubespawner's CVE-2020-15110).
///
/// Each part keeps `a-z`, `0-9`, `-` and `.`; every other byte (including `_`, capitals and
/// non-ASCII) becomes `_` plus two hex digits. An escaped part therefore never contains `__`,
/// which is what joins user and server: `alice` → `jupyter-alice`, `alice`/`exp-1` →
/// `jupyter-alice__exp-1`, `Alice` → `jupyter-_41lice`. Names are computed once at a server's
/// first start and stored; they are never re-derived.
public enum DockerNames {
    public static func container(user: String, server: String, prefix: String = "jupyter") -> String {
        prefix + "-" + join(user: user, server: server)
    }

    public static func volume(user: String, server: String, prefix: String = "jupyterhub-user") -> String {
        prefix + "-" + join(user: user, server: server)
    }

    static func join(user: String, server: String) -> String {
        server.isEmpty ? escape(user) : escape(user) + "__" + escape(server)
    }

    static func escape(_ part: String) -> String {
        var out = ""
        for byte in part.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "_" + String(byte, radix: 16).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
