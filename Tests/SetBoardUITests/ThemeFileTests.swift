/// Theme files as files: a FIFO or a device named as the theme is refused at once instead of hanging the start.
import Foundation
import SetBoardApp
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ThemeFileTests {
    /// Runs `body` on another thread and gives up after `seconds`, so a hang fails the test instead of the run.
    func finishes(within seconds: Double, _ body: @escaping @Sendable () -> String) -> String? {
        final class Box: @unchecked Sendable { var value: String? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.value = body()
            done.signal()
        }
        return done.wait(timeout: .now() + seconds) == .success ? box.value : nil
    }

    func load(_ path: String) -> String {
        do {
            return "loaded " + (try ThemeLoader.load(path, configHome: "/nonexistent")).name
        } catch {
            return "\(error)"
        }
    }

    @Test func aFIFOAsTheThemeIsRefusedWithoutHanging() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("evil.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let outcome = finishes(within: 10) { self.load(fifo) }
        let text = try #require(outcome, "loading a FIFO as the theme hung")
        #expect(text == "cannot read the theme file \(fifo): it is not a regular file")
    }

    @Test func aDeviceAsTheThemeIsRefused() throws {
        #expect(load("/dev/zero") == "cannot read the theme file /dev/zero: it is not a regular file")
    }

    @Test func aRegularThemeFileStillLoads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mono.yaml").path
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes/mono.yaml")
        try FileManager.default.copyItem(at: shipped, to: URL(fileURLWithPath: path))
        #expect(load(path) == "loaded mono", "\(load(path))")
    }
}
