import HubConfig

/// Adds up a pull's per-layer progress lines into one line for the user:
/// `Pulling repo:tag: 12.5 MiB of 48 MiB`.
struct PullProgress {
    private var layers: [String: (current: Int64, total: Int64)] = [:]

    mutating func add(_ event: PullEvent) {
        guard let id = event.id else { return }
        switch event.status {
        case "Downloading":
            if let current = event.progressDetail?.current, let total = event.progressDetail?.total, total > 0 {
                layers[id] = (current, total)
            }
        case "Download complete", "Pull complete", "Verifying Checksum", "Extracting":
            if let layer = layers[id] { layers[id] = (layer.total, layer.total) }
        default:
            break
        }
    }

    var received: Int64 { layers.values.reduce(0) { $0 + $1.current } }
    var total: Int64 { layers.values.reduce(0) { $0 + $1.total } }

    /// 0…1 of the bytes announced so far.
    var fraction: Double { total > 0 ? Double(received) / Double(total) : 0 }

    func message(for reference: ImageReference) -> String {
        total > 0 ? "Pulling \(reference): \(ByteSize.describe(received)) of \(ByteSize.describe(total))" : "Pulling \(reference)"
    }
}
