/// `watch --listen`: Alertmanager's webhook receiver, an HTTP endpoint (SwiftNIO) that records notifications as `alert` does.
import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
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

/// The HTTP server on its own event-loop thread; each notification is recorded on a worker thread, since recording
/// waits for the journal's lock and fsync. `start` returns once it listens (or failed to), `stop` once it is closed.
final class AlertListener: @unchecked Sendable {
    static let path = "/alerts"
    /// Slow or silent clients are cut off after this long without a byte, as a request must not hold a socket forever.
    static let idleTimeout = TimeAmount.seconds(15)
    let inbox: AlertInbox
    private let address: SocketAddress
    private let log: @Sendable (String) -> Void
    private let group: MultiThreadedEventLoopGroup
    private let workers = NIOThreadPool(numberOfThreads: 1)
    private var channel: (any Channel)?

    init(address: ListenAddress, inbox: AlertInbox, log: @escaping @Sendable (String) -> Void) throws {
        self.inbox = inbox
        self.log = log
        do {
            self.address = try SocketAddress(ipAddress: address.host, port: Int(address.port))
        } catch {
            throw CLIFailure("--listen: \(TextSafety.escaped(address.host)) is not an IP address")
        }
        // Its thread starts here: only once the address is one.
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Starts listening; the address it listens on (the port the system chose for port 0).
    func start() throws -> String {
        workers.start()
        let inbox = self.inbox, log = self.log, workers = self.workers
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: AlertListener.idleTimeout))
                    // Malformed HTTP is answered 400 and the connection closed by NIO's own error handler.
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(WebhookHandler(inbox: inbox, workers: workers, log: log))
                }
            }
        let listening: any Channel
        do {
            listening = try bootstrap.bind(to: address).wait()
        } catch {
            shutDown()
            throw CLIFailure("cannot listen: \(TextSafety.escaped("\(error)"))")
        }
        channel = listening
        guard let local = listening.localAddress, let ip = local.ipAddress, let port = local.port else {
            stop()
            throw CLIFailure("cannot listen: the socket has no address")
        }
        if case .v6 = local { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }

    /// Stops taking connections, lets a notification being recorded finish (its journal line is synced by then and
    /// its answer sent), then closes every connection. A request cut off before its answer is sent again by
    /// Alertmanager, and deduplicated.
    func stop() {
        try? channel?.close().wait()
        channel = nil
        shutDown()
    }

    private func shutDown() {
        // The workers first: one recording now finishes; one not yet started is answered 503 on its still-running loop.
        try? workers.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Content"
        default: return "Service Unavailable"
        }
    }
}

/// One connection's requests: the head is checked before any of the body is kept, the body is bounded as it arrives,
/// and the answer comes from the inbox on a worker thread.
private final class WebhookHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let inbox: AlertInbox
    private let workers: NIOThreadPool
    private let log: @Sendable (String) -> Void
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Set once this connection has been answered early (refused at its head or its body too large): the rest of the
    /// request is ignored and the connection closes once the answer is written.
    private var answeredEarly = false

    init(inbox: AlertInbox, workers: NIOThreadPool, log: @escaping @Sendable (String) -> Void) {
        self.inbox = inbox
        self.workers = workers
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(request):
            guard !answeredEarly else { return }
            head = request
            body = []
            let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard path == AlertListener.path else {
                return respond(context, AlertInbox.Answer(status: 404, text: "not found: POST to \(AlertListener.path)"),
                               keepAlive: false, logged: false)
            }
            let length = request.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
            if let refusal = inbox.refusal(method: request.method.rawValue, authorization: authorization(request),
                                           length: length) {
                respond(context, refusal, keepAlive: false)
            }
        case var .body(part):
            guard !answeredEarly, head != nil else { return }
            guard body.count + part.readableBytes <= WebhookPayload.maxBytes else {
                return respond(context, AlertInbox.Answer(status: 413, text: "the payload is too large"), keepAlive: false)
            }
            body += part.readBytes(length: part.readableBytes) ?? []
        case .end:
            guard !answeredEarly, let request = head else { return }
            head = nil
            let inbox = self.inbox, method = request.method.rawValue, authorization = authorization(request), bytes = body
            body = []
            let answered = workers.runIfActive(eventLoop: context.eventLoop) {
                inbox.answer(method: method, authorization: authorization, body: bytes)
            }
            answered.assumeIsolated().whenComplete { result in
                let answer = (try? result.get()) ?? AlertInbox.Answer(status: 503, text: "not recorded: the listener is stopping")
                self.respond(context, answer, keepAlive: request.isKeepAlive && answer.status != 503)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func authorization(_ request: HTTPRequestHead) -> String? {
        request.headers.first(name: "authorization")
    }

    /// Writes one answer; unless the connection may carry another request, it is closed once the answer is out.
    private func respond(_ context: ChannelHandlerContext, _ answer: AlertInbox.Answer, keepAlive: Bool, logged: Bool = true) {
        if logged { log("\(answer.status) \(answer.text)") }
        if !keepAlive { answeredEarly = true }
        let text = Array((TextSafety.escaped(answer.text) + "\n").utf8)
        var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "\(text.count)")])
        if answer.status == 401 { headers.add(name: "WWW-Authenticate", value: "Bearer") }
        if answer.status == 405 { headers.add(name: "Allow", value: "POST") }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let status = HTTPResponseStatus(statusCode: answer.status, reasonPhrase: AlertListener.phrase(answer.status))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: text.count)
        buffer.writeBytes(text)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
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
