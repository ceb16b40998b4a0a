/// Finds a colour theme by name or path: the user's themes, the package's themes/ folder, then the built-in ones.
import SetBoardCore
import SetBoardUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum ThemeLoadError: Error, CustomStringConvertible {
    case notFound(name: String, searched: [String])
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(name, searched):
            return "no theme \"\(name)\" (looked in \(searched.joined(separator: ", "))); themes come with setboard as default, light, high-contrast and mono"
        case let .unreadable(path, reason):
            return "cannot read the theme file \(TextSafety.escaped(path)): \(reason)"
        case let .invalid(path, reason):
            return "theme \(TextSafety.escaped(path)): \(reason)"
        }
    }
}

/// A NAME is looked up as `NAME.yaml` in, in order: `$XDG_CONFIG_HOME/setboard/themes/`, a `themes/` folder
/// beside or above the executable (a checkout's `.build/debug/setboard` finds the package's `themes/`;
/// an install in `PREFIX/bin` finds `PREFIX/share/setboard/themes/`), `./themes/`; a binary copied
/// away from its themes still opens `default` and `mono` in the built-in mono theme. A PATH (with a `/` or ending in
/// `.yaml`) is read as is.
public enum ThemeLoader {
    public static let defaultName = "default"

    public static func load(_ nameOrPath: String, configHome: String) throws -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            return try parseFile(nameOrPath, name: baseName(nameOrPath))
        }
        let folders = searchFolders(configHome: configHome)
        for folder in folders {
            let path = folder + "/" + nameOrPath + ".yaml"
            if access(path, R_OK) == 0 { return try parseFile(path, name: nameOrPath) }
        }
        // Without its theme files the board still opens, in mono rather than not at all.
        if nameOrPath == "mono" || nameOrPath == defaultName { return Theme.mono }
        throw ThemeLoadError.notFound(name: nameOrPath, searched: folders)
    }

    static func searchFolders(configHome: String) -> [String] {
        var folders = [configHome + "/setboard/themes"]
        if var dir = executableDirectory() {
            // bin/ → PREFIX/share/setboard/themes; .build/<config>/ → the package root's themes/.
            for _ in 0..<4 {
                folders.append(dir + "/themes")
                folders.append(dir + "/share/setboard/themes")
                guard let parent = parentDirectory(dir) else { break }
                dir = parent
            }
        }
        folders.append("./themes")
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    private static func parseFile(_ path: String, name: String) throws -> Theme {
        let text: String
        switch readText(path) {
        case let .success(t): text = t
        case let .failure(problem): throw ThemeLoadError.unreadable(path: path, reason: problem.reason)
        }
        do { return try Theme.parse(yaml: text, name: name) } catch {
            throw ThemeLoadError.invalid(path: path, reason: String(describing: error))
        }
    }

    struct ReadProblem: Error { var reason: String }

    /// The text of a theme file: a regular file of at most 1 MB in UTF-8. Opened with `O_NONBLOCK` and checked
    /// before reading, so a FIFO or a device named as a theme is refused instead of hanging the board's start.
    static func readText(_ path: String) -> Result<String, ReadProblem> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadProblem(reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(ReadProblem(reason: String(cString: strerror(errno)))) }
        guard st.st_mode & S_IFMT == S_IFREG else { return .failure(ReadProblem(reason: "it is not a regular file")) }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadProblem(reason: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > 1 << 20 { return .failure(ReadProblem(reason: "it is larger than 1 MB")) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(ReadProblem(reason: "it is not UTF-8 text")) }
        return .success(text)
    }

    private static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let bytes = buffer[0..<n].map { UInt8(bitPattern: $0) }
        return parentDirectory(String(decoding: bytes, as: UTF8.self))
    }

    private static func parentDirectory(_ path: String) -> String? {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return nil }
        return String(path[..<slash])
    }

    private static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file.hasSuffix(".yml") ? String(file.dropLast(4)) : file
    }
}
