import Foundation
import HTTPTypes
import Hummingbird

/// `offset`/`limit` and the `application/jupyterhub-pagination+json` envelope (rest-api.md §1).
struct PaginationRequest {
    static let mediaType = "application/jupyterhub-pagination+json"
    static let defaultLimit = 50
    static let maxLimit = 200

    let offset: Int
    let limit: Int
    let paginated: Bool

    static func wantsPage(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").split(separator: ",").contains {
            $0.trimmingCharacters(in: .whitespaces).lowercased() == mediaType
        }
    }

    init(query: Hummingbird.Parameters, paginated: Bool) throws {
        func integer(_ name: String) throws -> Int? {
            guard let text = query[Substring(name)] else { return nil }
            guard let value = Int(text) else { throw HubError.badRequest("\(name) must be an integer, not '\(text)'") }
            return value
        }
        offset = max(0, try integer("offset") ?? 0)
        limit = min(Self.maxLimit, max(1, try integer("limit") ?? (paginated ? Self.defaultLimit : Self.maxLimit)))
        self.paginated = paginated
    }

    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        items.dropFirst(offset).prefix(limit)
    }

    /// A bare list, or the envelope with an absolute `next.url` built from the request.
    func body<S: Sequence>(items: S, total: Int, request: Request) -> JSONValue where S.Element == JSONValue {
        let list = JSONValue.array(Array(items))
        guard paginated else { return list }
        var next: JSONValue = .null
        if offset + limit < total {
            let nextOffset = offset + limit
            var query = request.uri.queryParameters.filter { $0.key != "offset" && $0.key != "limit" }
                .map { "\($0.key)=\($0.value)" }
            query += ["offset=\(nextOffset)", "limit=\(limit)"]
            let scheme = request.headers[.xForwardedProto] ?? "http"
            let host = request.head.authority ?? "localhost"
            next = ["offset": .number(Double(nextOffset)), "limit": .number(Double(limit)),
                    "url": .string("\(scheme)://\(host)\(request.uri.path)?\(query.joined(separator: "&"))")]
        }
        return ["items": list, "_pagination": ["offset": .number(Double(offset)), "limit": .number(Double(limit)),
                                               "total": .number(Double(total)), "next": next]]
    }
}
