/// `$XDG_CONFIG_HOME/setboard/config.yaml` read from its text: the theme, key remaps and the page notify command.
import Foundation
import SetBoardCore
import SetBoardUI
import Yams

public struct ConfigFile: Equatable, Sendable {
    public var theme: String?
    public var keyMap = KeyMap.default
    /// The shell command that tells people about pages, run by this user's `watch`, `page` and open board. It lives
    /// here, never in the shared journal: a command any teammate could write would run under everyone's account.
    public var notify: String?
    /// On a board synced between hosts: how long a page step its sender has not told waits before this user's
    /// notifier takes the page over (`page-takeover-after: 5m`), in milliseconds; nil for the default.
    public var pageTakeoverAfter: Int64?

    public init() {}

    /// A broken file is an error naming `path` (escaped, as it is printed), never silently ignored.
    public static func parse(_ text: String, path: String) throws(FileProblem) -> ConfigFile {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            let first = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw FileProblem("\(TextSafety.escaped(path)) is not valid YAML: \(first)")
        }
        guard let node else { return ConfigFile() }
        guard let root = node.mapping else { throw FileProblem("\(TextSafety.escaped(path)): expected a mapping such as `theme: light`") }
        var config = ConfigFile()
        if let value = root["theme"] {
            guard let name = value.string, !name.isEmpty else {
                throw FileProblem("\(TextSafety.escaped(path)) line \((value.mark?.line ?? 0)): `theme:` needs a theme name or file")
            }
            config.theme = name
        }
        if let value = root["notify"] {
            guard let command = value.string, !command.allSatisfy(\.isWhitespace) else {
                throw FileProblem("\(TextSafety.escaped(path)) line \((value.mark?.line ?? 0)): `notify:` needs a shell command")
            }
            config.notify = command
        }
        if let value = root["page-takeover-after"] {
            guard let ms = value.string.flatMap(ConfigFile.duration), PageDuty.graceRange.contains(ms) else {
                throw FileProblem("\(TextSafety.escaped(path)) line \((value.mark?.line ?? 0)): `page-takeover-after:` needs a "
                                  + "duration from 30s to 24h, like 90s, 5m or 1h")
            }
            config.pageTakeoverAfter = ms
        }
        if let value = root["keys"] {
            guard let keys = value.mapping else {
                throw FileProblem("\(TextSafety.escaped(path)) line \((value.mark?.line ?? 0)): `keys:` needs a mapping such as `keys: { x: claim }`")
            }
            for (key, action) in keys {
                do {
                    try config.keyMap.remap(key.string ?? "", to: action.string ?? "")
                } catch {
                    throw FileProblem("\(TextSafety.escaped(path)) line \((key.mark?.line ?? 0)): \(error.description)")
                }
            }
        }
        return config
    }
}

extension ConfigFile {
    /// "90s", "5m", "1h" in milliseconds; nil for anything else.
    static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let n = Int64(text.dropLast()), n > 0, n <= 100_000 else { return nil }
        switch unit {
        case "s": return n * 1_000
        case "m": return n * 60_000
        case "h": return n * 3_600_000
        default: return nil
        }
    }

    /// Reads the user's own config file, or nil when there is none. Because it can name a command that runs under
    /// this account, the file must be this user's, a regular file reached without following a symlink, and neither
    /// it nor its directory writable by anyone else (a group of the user's own, with no other members, is fine).
    public static func readOwnFile(_ path: String) throws(FileProblem) -> String? {
        let shown = TextSafety.escaped(path)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw FileProblem("\(shown) is a symbolic link: setboard reads its config only from a file of yours") }
            throw FileProblem("cannot read \(shown): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileProblem("cannot read \(shown): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileProblem("\(shown) is not a regular file") }
        let uid = getuid()
        guard info.st_uid == uid else { throw FileProblem("\(shown) belongs to another account (uid \(info.st_uid)); refused") }
        if let who = writableByOthers(mode: info.st_mode, group: info.st_gid, uid: uid) {
            throw FileProblem("\(shown) is writable by \(who): refused, since it can name a command to run (chmod go-w it)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var dirInfo = stat()
        if stat(directory.isEmpty ? "." : directory, &dirInfo) == 0 {
            guard dirInfo.st_uid == uid || dirInfo.st_uid == 0 else {
                throw FileProblem("\(TextSafety.escaped(directory)) belongs to another account: refused to read \(shown) from it")
            }
            // A sticky directory (as /tmp) lets nobody else replace the file, whoever may write in it.
            if dirInfo.st_mode & S_ISVTX == 0, let who = writableByOthers(mode: dirInfo.st_mode, group: dirInfo.st_gid, uid: uid) {
                throw FileProblem("\(TextSafety.escaped(directory)) is writable by \(who), who could replace \(shown): refused (chmod go-w it)")
            }
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw FileProblem("cannot read \(shown): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes += buffer[0..<n]
            guard bytes.count <= 1 << 20 else { throw FileProblem("\(shown) is larger than 1 MB: not a config file") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw FileProblem("\(shown) is not UTF-8 text") }
        return text
    }

    /// Who besides the user may write a file of this mode and group: "everyone", "group N", or nil for nobody.
    /// A group-writable file is fine when the group is the user's own private group (umask 002 systems make those).
    static func writableByOthers(mode: mode_t, group: gid_t, uid: uid_t) -> String? {
        if mode & S_IWOTH != 0 { return "everyone" }
        guard mode & S_IWGRP != 0 else { return nil }
        guard let entry = getgrgid(group) else { return "group \(group)" }
        let hasMembers = entry.pointee.gr_mem.map { $0.pointee != nil } ?? false
        if group == getgid(), !hasMembers, let user = getpwuid(uid),
           String(cString: entry.pointee.gr_name) == String(cString: user.pointee.pw_name) {
            return nil
        }
        return "group \(String(cString: entry.pointee.gr_name))"
    }
}
