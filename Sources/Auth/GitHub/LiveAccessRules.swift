import Foundation
import HubConfig

/// The access rules in force: those of the configuration, with the allowed-users file re-read
/// whenever it changes on disk.
public actor LiveAccessRules {
    public private(set) var current: AccessRules
    private var fileStamp: FileStamp?

    public init(_ rules: AccessRules) {
        current = rules
        fileStamp = FileStamp(path: rules.fileName)
    }

    /// Re-reads the allowed-users file if it changed; returns true when the rules changed. A
    /// file that became unreadable or invalid keeps the previous list (and says why).
    public func reloadIfChanged() -> Result<Bool, ValueProblem> {
        let stamp = FileStamp(path: current.fileName)
        guard stamp != fileStamp else { return .success(false) }
        fileStamp = stamp
        switch AllowedUsersFile.read(current.fileName) {
        case .success(let users):
            let changed = users != current.fileUsers
            current.fileUsers = users
            return .success(changed)
        case .failure(let problem):
            return .failure(problem)
        }
    }
}

/// When and how big a file was last modified (nil fields when it does not exist).
struct FileStamp: Equatable {
    var modified: Date?
    var size: Int?

    init(path: String) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        modified = attributes?[.modificationDate] as? Date
        size = (attributes?[.size] as? NSNumber)?.intValue
    }
}
