/// `watch --listen`: Alertmanager's webhook receiver, an HTTP endpoint (FlyingFox) that records notifications as `alert` does.
import ArgumentParser
import Foundation
import FlyingFox
import FlyingSocks
import SetBoardCore
import SetBoardJournal

/// Where to listen: an address and a port, loopback unless the user allowed others.
struct ListenAddress: Equatable {
    var host: String
    var port: UInt16

    /// "127.0.0.1:9095", "[::1]:9095", "localhost:9095" or "0.0.0.0:9095"; port 0 asks the system for a free one.
    init?(text: String) {
        let host: Substring, port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let p = UInt16(port) else { return nil }
        self.host = host == "localhost" ? "127.0.0.1" : String(host)
        self.port = p
    }

    var isIPv6: Bool { host.contains(":") }

    /// 127.0.0.0/8 and ::1: reachable from this host only.
    var isLoopback: Bool { host == "::1" || host.hasPrefix("127.") }
}

/// The board and everything a request needs, behind one lock: requests and the watch loop's notifier take turns.
final class AlertInbox: @unchecked Sendable {
    let lock = NSLock()
    let store: BoardStore
    let rules: AlertRules
    let actor: String
    let clock: any JournalClock
    let token: [UInt8]?

    init(store: BoardStore, rules: AlertRules, actor: String, clock: any JournalClock, token: String?) {
        self.store = store
        self.rules = rules
        self.actor = actor
        self.clock = clock
        self.token = token.map { Array($0.utf8) }
    }

    /// One request's answer: a status and a line of text, which `watch` also prints.
    struct Answer: Equatable {
        var status: Int
        var text: String
    }

    /// Everything but the socket: method, the Authorization header, the body. 4xx answers write nothing; a 200 is
    /// only given once the journal is written and synced.
    func answer(method: String, authorization: String?, body: [UInt8]) -> Answer {
        if let refusal = refusal(method: method, authorization: authorization, length: body.count) { return refusal }
        guard body.count <= WebhookPayload.maxBytes else { return Answer(status: 413, text: "the payload is too large") }
        guard let text = String(validating: body, as: UTF8.self) else { return Answer(status: 400, text: "the body is not UTF-8") }
        let notification: WebhookNotification
        do { notification = try WebhookPayload.parse(text) } catch {
            return Answer(status: 400, text: "\(error)")
        }
        lock.lock()
        defer { lock.unlock() }
        do {
            let intake = try AlertIntakeRunner.record(notification, rules: rules, store: store, actor: actor, clock: clock)
            let page = intake.pageProblem.map { "; the map asked for a page, but \($0)" } ?? ""
            return Answer(status: 200, text: intake.sentence + page)
        } catch let error as BoardError {
            // The notification is fine but the board refuses it (not initialised): Alertmanager should not retry.
            return Answer(status: 422, text: error.description)
        } catch {
            // The journal could not be written (read-only, disk full): a 5xx, so Alertmanager retries later.
            return Answer(status: 503, text: "not recorded: \(error)")
        }
    }

    /// What is refused before the body is read: another method, a missing or wrong token, a declared length too large.
    func refusal(method: String, authorization: String?, length: Int) -> Answer? {
        guard method == "POST" else { return Answer(status: 405, text: "only POST is accepted") }
        if let token {
            let offered = Array((authorization ?? "").utf8)
            guard AlertInbox.same(offered, Array("Bearer ".utf8) + token) else {
                return Answer(status: 401, text: "a valid bearer token is required")
            }
        }
        guard length <= WebhookPayload.maxBytes else { return Answer(status: 413, text: "the payload is too large") }
        return nil
    }

    /// Compares in time independent of where the first difference is.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<min(a.count, b.count) { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    /// Runs `body` with the board to itself, so the notifier never reads it while a request writes.
    func withBoard<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// The HTTP server on its own tasks; `start` returns once it listens (or failed to), `stop` once it is closed.
final class AlertListener: @unchecked Sendable {
    static let path = "/alerts"
    let server: HTTPServer
    let inbox: AlertInbox
    private var runTask: Task<Void, Never>?
    private let failure = NSLock()
    private var failed: String?

    init(address: ListenAddress, inbox: AlertInbox, log: @escaping @Sendable (String) -> Void) throws {
        self.inbox = inbox
        let socketAddress: any SocketAddress
        do {
            socketAddress = address.isIPv6 ? try sockaddr_in6.inet6(ip6: address.host, port: address.port)
                : try sockaddr_in.inet(ip4: address.host, port: address.port)
        } catch {
            throw CLIFailure("--listen: \(TextSafety.escaped(address.host)) is not an IP address")
        }
        let config = HTTPServer.Configuration(address: socketAddress, timeout: 15, logger: .disabled)
        let route = HTTPRoute(AlertListener.path)
        let server = HTTPServer(config: config)
        self.server = server
        let inbox = self.inbox
        let semaphore = DispatchSemaphore(value: 0)
        Task {
            await server.appendRoute(route) { request in
                let method = request.method.rawValue, authorization = request.headers[.authorization]
                let length = Int(request.headers[.contentLength] ?? "") ?? 0
                let answer: AlertInbox.Answer
                if let refusal = inbox.refusal(method: method, authorization: authorization, length: length) {
                    answer = refusal
                } else {
                    answer = inbox.answer(method: method, authorization: authorization, body: Array(try await request.bodyData))
                }
                log("\(answer.status) \(answer.text)")
                var headers: HTTPHeaders = [.contentType: "text/plain; charset=utf-8"]
                if answer.status == 401 { headers[HTTPHeader("WWW-Authenticate")] = "Bearer" }
                if answer.status == 405 { headers[HTTPHeader("Allow")] = "POST" }
                return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: AlertListener.phrase(answer.status)),
                                    headers: headers, body: Data((TextSafety.escaped(answer.text) + "\n").utf8))
            }
            semaphore.signal()
        }
        semaphore.wait()
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 405: return "Method Not Allowed"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Content"
        default: return "Service Unavailable"
        }
    }

    /// Starts listening; the address it listens on (the port the system chose for port 0).
    func start() throws -> String {
        let ready = DispatchSemaphore(value: 0)
        let server = self.server
        runTask = Task { [self] in
            do { try await server.run() } catch { fail("\(error)") }
            ready.signal()
        }
        let address = AddressBox()
        Task {
            try? await server.waitUntilListening(timeout: 5)
            address.set(await server.listeningAddress)
            ready.signal()
        }
        _ = ready.wait(timeout: .now() + 6)
        failure.lock()
        defer { failure.unlock() }
        if let failed { throw CLIFailure("cannot listen: \(TextSafety.escaped(failed))") }
        switch address.get() {
        case let .ip4(host, port)?: return "\(host):\(port)"
        case let .ip6(host, port)?: return "[\(host)]:\(port)"
        default: throw CLIFailure("cannot listen: the server did not start within 5 seconds")
        }
    }

    private func fail(_ reason: String) {
        failure.lock()
        failed = failed ?? reason
        failure.unlock()
    }

    /// Closes the socket once a request being recorded has finished: its journal line is synced by then. A request
    /// cut off before its answer is sent again by Alertmanager, and deduplicated.
    func stop() {
        inbox.withBoard {
            let done = DispatchSemaphore(value: 0)
            let server = self.server
            Task {
                await server.stop(timeout: 0.5)
                done.signal()
            }
            _ = done.wait(timeout: .now() + 1.5)
            runTask?.cancel()
        }
    }
}

/// The listening address handed from a task to the waiting thread.
private final class AddressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Socket.Address?
    func set(_ v: Socket.Address?) { lock.lock(); value = v; lock.unlock() }
    func get() -> Socket.Address? { lock.lock(); defer { lock.unlock() }; return value }
}

/// `watch`'s options for taking in Alertmanager's notifications over HTTP.
struct WatchListenOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Take Alertmanager webhook notifications at http://ADDRESS:PORT/alerts.",
                               valueName: "address:port"))
    var listen: String?
    @Option(help: ArgumentHelp("Require `Authorization: Bearer TOKEN`, TOKEN being this file's content.", valueName: "file"))
    var tokenFile: String?
    @Option(help: ArgumentHelp("The intake map for --listen (default: $XDG_CONFIG_HOME/setboard/map.yaml).",
                               valueName: "file"))
    var map: String?
    @Flag(help: "Let --listen use an address other than loopback (a token is then required).") var allowRemote = false

    func validate(once: Bool) throws {
        guard let listen else {
            if tokenFile != nil || map != nil || allowRemote {
                throw ValidationError("--token-file, --map and --allow-remote go with --listen")
            }
            return
        }
        if once { throw ValidationError("--listen keeps running: it does not go with --once") }
        guard let address = ListenAddress(text: listen) else {
            throw ValidationError("--listen takes ADDRESS:PORT, like 127.0.0.1:9095 or [::1]:9095")
        }
        if !address.isLoopback {
            guard allowRemote else {
                throw ValidationError("--listen \(listen) is not a loopback address: give --allow-remote (and --token-file) to accept other hosts")
            }
            guard tokenFile != nil else { throw ValidationError("--allow-remote requires --token-file") }
        }
    }

    /// The token: the file's content without surrounding whitespace, which must leave something.
    func token() throws -> String? {
        guard let tokenFile else { return nil }
        let token = try readTextFile(tokenFile).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: \.isNewline) else {
            throw CLIFailure("\(TextSafety.escaped(tokenFile)) must hold one line: the bearer token")
        }
        return token
    }

    /// Starts the listener when asked for, saying where it listens.
    func start(session: Session, say: @escaping @Sendable (String) -> Void) throws -> AlertListener? {
        guard let listen, let address = ListenAddress(text: listen) else { return nil }
        // A service must stop on SIGTERM even when started with it blocked (as Foundation's Process starts children).
        var quit = sigset_t()
        sigemptyset(&quit)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&quit, signal) }
        pthread_sigmask(SIG_UNBLOCK, &quit, nil)
        let inbox = AlertInbox(store: session.store, rules: try AlertIntakeRunner.rules(mapPath: map), actor: session.actor,
                               clock: session.clock, token: try token())
        let listener = try AlertListener(address: address, inbox: inbox) { say("alert: " + $0) }
        let at = try listener.start()
        say("listening for Alertmanager at http://\(at)\(AlertListener.path)" + (inbox.token == nil ? "" : " (bearer token required)"))
        return listener
    }
}
