/// What a hub username may look like. Names appear in URLs, cookie names, file paths and
/// (later) container names, so they are kept to a safe, bounded alphabet.
public enum UsernameRules {
    public static let maxLength = 64
    public static let description = "use 1–64 characters: lowercase letters, digits, and . _ - @ (starting with a letter or digit)"

    public static func isValid(_ name: String) -> Bool {
        guard (1...maxLength).contains(name.count), let first = name.first, first.isASCII, first.isLetter || first.isNumber else {
            return false
        }
        return name.allSatisfy { c in
            c.isASCII && (c.isLowercase || c.isNumber || c == "." || c == "_" || c == "-" || c == "@")
        }
    }

    /// Lower-cases and trims what a person typed into a login form.
    public static func normalize(_ name: String) -> String {
        name.trimmingCharacters(in: " ").lowercased()
    }
}
