/// Kill -9 at random moments while 4 writers and 4 readers share a board: nothing acknowledged is lost, no damaged
/// line is accepted, and the board always opens.
import Foundation
import SetBoardCore
import Testing

struct KillTortureTests {
    /// Trials per run. Each is ~1–2 s with a debug build here, so CI's default stays short;
    /// `SETBOARD_TORTURE_TRIALS=1000` is the full run (README, Development).
    static var trials: Int {
        ProcessInfo.processInfo.environment["SETBOARD_TORTURE_TRIALS"].flatMap { Int($0) }.map { max(1, $0) } ?? 12
    }

    /// A failure prints its seed; `SETBOARD_TORTURE_SEED` replays the same kill moments and torn tails.
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SETBOARD_TORTURE_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    }

    @Test func killedWritersAndReadersNeverLoseAnAcknowledgedEvent() throws {
        let binary = ConcurrentAppendRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no setboard binary at \(binary): run `swift build` first")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-torture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let seed = KillTortureTests.seed
        var random = SeededRandom(seed: seed)
        var failed = false
        var tally = TortureTrial.Tally()
        let started = Date()
        for n in 0..<KillTortureTests.trials {
            let trial = TortureTrial(binary: binary, home: root + "/trial-\(n)", random: &random)
            // A trial that cannot even finish (a process that outlives its kill) is a failure that needs its seed too.
            let problems: [String]
            do { problems = try trial.run(tally: &tally) } catch { problems = ["the trial could not finish: \(error)"] }
            if !problems.isEmpty {
                // The board stays on disk to be looked at; one failed trial says enough, so the run stops there.
                Issue.record("""
                    kill torture trial \(n) failed (SETBOARD_TORTURE_SEED=\(seed), killed after \(trial.killAfter) s, \
                    torn tail: \(trial.tear)); board kept in \(trial.home):
                    \(problems.joined(separator: "\n"))
                    """)
                failed = true
                break
            }
            try? FileManager.default.removeItem(atPath: trial.home)
        }
        if !failed { try? FileManager.default.removeItem(atPath: root) }
        print("kill torture: \(tally.trials) trials in \(Int(Date().timeIntervalSince(started))) s (seed \(seed)): " +
              "\(tally.acknowledged) acknowledged appends, \(tally.unacknowledged) written but never acknowledged, " +
              "\(tally.reads) whole reads, \(tally.tornByKill) torn tails left by a kill, \(tally.tornAdded) added")
        // A run whose kills all came before the first acknowledgement would check nothing.
        #expect(failed || tally.acknowledged > 0, "no append was acknowledged in any trial")
    }
}

/// One board, 4 writer loops and 4 reader loops killed together, then the checks.
struct TortureTrial {
    enum Tear: CustomStringConvertible {
        case none
        /// The first `length` bytes of a line whose checksum would hold, without its newline.
        case prefix(length: Int)
        /// Zeros where the file system had allocated a block but not written it.
        case zeros(length: Int)

        var description: String {
            switch self {
            case .none: return "none"
            case let .prefix(n): return "a \(n)-byte prefix of a line"
            case let .zeros(n): return "\(n) zero bytes"
            }
        }
    }

    /// What a run went through, printed at its end so a quiet pass still shows it tested something.
    struct Tally {
        var trials = 0, acknowledged = 0, unacknowledged = 0, reads = 0, tornByKill = 0, tornAdded = 0
    }

    static let writers = ["w1", "w2", "w3", "w4"]
    static let readers = ["r1", "r2", "r3", "r4"]

    let binary: String
    let home: String
    var board: String { home + "/board" }
    let killAfter: Double
    let tear: Tear

    init(binary: String, home: String, random: inout SeededRandom) {
        self.binary = binary
        self.home = home
        // From before the first append is acknowledged to well into the run.
        killAfter = Double(Int.random(in: 5...200, using: &random)) / 100
        switch Int.random(in: 0..<3, using: &random) {
        case 0: tear = .prefix(length: Int.random(in: 1...400, using: &random))
        case 1: tear = .zeros(length: Int.random(in: 1...4096, using: &random))
        default: tear = .none
        }
    }

    func run(tally: inout Tally) throws -> [String] {
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let created = try setboard(["init", "--board", board])
        guard created.status == 0 else { return ["init failed: \(created.err)"] }

        // An ack line is written only after `add` exited 0, which it does only once its event is on disk.
        let writeLoop = #"""
            i=0
            while [ "$i" -lt 100000 ]; do
                i=$((i+1))
                if key=$("$BIN" add "$W-$i" --board "$DIR"); then echo "$W-$i $key" >> "$W.acked"
                else echo "$W-$i exit $?" >> "$W.failed"; fi
            done
            """#
        let readLoop = #"""
            i=0
            while [ "$i" -lt 100000 ]; do
                i=$((i+1))
                "$BIN" list --json --all --board "$DIR" > "$R.$i.json"
                echo "$i $?" >> "$R.done"
            done
            """#
        var loops: [ProcessGroup] = []
        defer { for loop in loops { loop.killAll() } }
        for name in TortureTrial.writers {
            loops.append(try loop(writeLoop, ["W": name], output: name + ".err"))
        }
        for name in TortureTrial.readers {
            loops.append(try loop(readLoop, ["R": name], output: name + ".err"))
        }
        Thread.sleep(forTimeInterval: killAfter)
        for loop in loops { loop.killAll() }
        for loop in loops {
            let status = try loop.wait(limit: 10)
            if status != 128 + SIGKILL { return ["a loop ended by itself (status \(status)) before the kill"] }
        }
        for loop in loops { try loop.waitForGroupToEnd(limit: 10) }
        if try JournalFileCheck(board: board).tailBytes > 0 { tally.tornByKill += 1 }
        let tailAdded = try addTear()
        let problems = try check(tailAdded: tailAdded)
        let acked = TortureTrial.writers.map { lines($0 + ".acked").count }.reduce(0, +)
        tally.trials += 1
        tally.acknowledged += acked
        // `add` events, not counting init's board event and the one appended after the check.
        tally.unacknowledged += max(0, (try JournalFileCheck(board: board)).created.count - 1 - acked)
        tally.reads += TortureTrial.readers.map { lines($0 + ".done").count }.reduce(0, +)
        if !tailAdded.isEmpty { tally.tornAdded += 1 }
        return problems
    }

    private func loop(_ script: String, _ extra: [String: String], output: String) throws -> ProcessGroup {
        let env = ConcurrentAppendRunner.environment(home: home, extra: extra.merging(["BIN": binary, "DIR": board]) { $1 })
        // The loops run in `home`, so their ack and output files land there.
        return try ProcessGroup("/bin/sh", ["-c", "cd \"$HOME\" && { \(script)\n}"], environment: env, output: home + "/" + output)
    }

    private func setboard(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try TmuxBoard.run(binary, arguments, environment: ConcurrentAppendRunner.environment(home: home), limit: 30)
    }

    /// Simulates a crash that cut a write short (which a kill alone hardly ever does to a one-line write).
    private func addTear() throws -> [UInt8] {
        let bytes: [UInt8]
        switch tear {
        case .none: return []
        case let .zeros(n): bytes = [UInt8](repeating: 0, count: n)
        case let .prefix(n):
            let check = try JournalFileCheck(board: board)
            let seq = (check.seqs.last ?? 0) + 1
            let body = #"{"v":1,"seq":\#(seq),"id":"0190f000-0000-7000-8000-000000000000","rid":"torn","lam":\#(seq),"# +
                #""ts":1795514400000,"actor":"torn","type":"ticket.created","payload":{"key":"SET-\#(check.created.count + 1)","# +
                #""title":"torn-\#(seq)"}}"#
            let line = Array((JournalFileCheck.crcHex(Array(body.utf8)) + " " + body).utf8)
            bytes = Array(line.prefix(n))
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: board + "/journal.log"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        return bytes
    }

    private func check(tailAdded: [UInt8]) throws -> [String] {
        var problems: [String] = []
        let before = try JournalFileCheck(board: board)
        for d in before.damaged { problems.append("damaged line \(d.line) after the kill: \(d.text)") }

        // Only an unfinished last line may be wrong after a crash, and `journal verify` must say exactly that.
        let verify = try setboard(["journal", "verify", "--board", board])
        if before.tailBytes == 0 {
            if verify.status != 0 { problems.append("journal verify failed: \(verify.out)\(verify.err)") }
        } else if verify.status != 1 || !verify.out.contains("the last \(before.tailBytes) bytes are an unfinished line")
                    || verify.out.contains("\nline ") {
            problems.append("journal verify should report only the \(before.tailBytes)-byte torn tail: \(verify.out)\(verify.err)")
        }

        // Opening the board sets a torn tail aside and must show every whole event.
        let listed = try setboard(["list", "--json", "--all", "--board", board])
        let tickets = (try? JSONSerialization.jsonObject(with: Data(listed.out.utf8))) as? [[String: Any]]
        if listed.status != 0 || tickets == nil { problems.append("the board did not open: \(listed.err)") }
        if before.tailBytes == 0, !listed.err.isEmpty { problems.append("opening warned: \(listed.err)") }
        if before.tailBytes > 0, !listed.err.contains("was incomplete") { problems.append("no word of the torn tail: \(listed.err)") }
        if !tailAdded.isEmpty {
            let quarantine = (try? Data(contentsOf: URL(fileURLWithPath: board + "/journal.quarantine"))) ?? Data()
            if quarantine.range(of: Data(tailAdded)) == nil { problems.append("the torn tail is not in journal.quarantine") }
        }

        let after = try JournalFileCheck(board: board)
        if after.tailBytes != 0 || !after.damaged.isEmpty { problems.append("the journal is not whole after opening") }
        if after.seqs != Array(1..<(after.seqs.count + 1)) { problems.append("seqs are not 1…n: \(after.seqs)") }
        let keys = after.created.map(\.key)
        if keys != (0..<keys.count).map({ "SET-\($0 + 1)" }) { problems.append("keys are not SET-1…SET-n in order: \(keys)") }
        if Set((tickets ?? []).compactMap { $0["key"] as? String }) != Set(keys) {
            problems.append("list shows \(tickets?.count ?? 0) tickets, the journal holds \(keys.count)")
        }

        var keyOfTitle: [String: String] = [:]
        for c in after.created {
            if keyOfTitle.updateValue(c.key, forKey: c.title) != nil { problems.append("\(c.title) is in the journal twice") }
            if c.title.hasPrefix("torn") { problems.append("the torn line was accepted as \(c.key)") }
        }
        for name in TortureTrial.writers {
            for ack in lines(name + ".acked") {
                let parts = ack.split(separator: " ").map(String.init)
                guard parts.count == 2 else { problems.append("odd ack line \(ack)"); continue }
                if keyOfTitle[parts[0]] != parts[1] {
                    problems.append("acknowledged \(parts[0]) as \(parts[1]), the journal has \(keyOfTitle[parts[0]] ?? "nothing")")
                }
            }
            for failure in lines(name + ".failed") { problems.append("writer \(name): \(failure)") }
        }
        for name in TortureTrial.writers + TortureTrial.readers {
            if let said = try? String(contentsOfFile: home + "/" + name + ".err", encoding: .utf8), !said.isEmpty {
                problems.append("\(name) said: \(said.prefix(300))")
            }
        }
        problems += readersSawWholeBoards()

        // The board takes writes again, and the next key follows on without a gap.
        let added = try setboard(["add", "after the kill", "--board", board])
        if added.status != 0 || added.out.trimmingCharacters(in: .whitespacesAndNewlines) != "SET-\(keys.count + 1)" {
            problems.append("add after the kill: status \(added.status), \(added.out)\(added.err)")
        }
        let last = try JournalFileCheck(board: board)
        if last.tailBytes != 0 || !last.damaged.isEmpty || last.created.last?.title != "after the kill" {
            problems.append("the append after the kill did not land as a whole line")
        }
        return problems
    }

    /// Every read that finished printed a JSON array, and no reader ever saw the board shrink.
    private func readersSawWholeBoards() -> [String] {
        var problems: [String] = []
        for name in TortureTrial.readers {
            var seen = 0
            for done in lines(name + ".done") {
                let parts = done.split(separator: " ")
                guard parts.count == 2, parts[1] == "0" else { problems.append("reader \(name) read \(done)"); continue }
                let data = (try? Data(contentsOf: URL(fileURLWithPath: "\(home)/\(name).\(parts[0]).json"))) ?? Data()
                guard let array = (try? JSONSerialization.jsonObject(with: data)) as? [Any] else {
                    problems.append("reader \(name) read \(parts[0]) is not a JSON array")
                    continue
                }
                if array.count < seen { problems.append("reader \(name) saw \(array.count) tickets after \(seen)") }
                seen = array.count
            }
        }
        return problems
    }

    /// Whole lines of a file in `home` (one a kill cut short has no newline and is left out).
    private func lines(_ file: String) -> [String] {
        guard let text = try? String(contentsOfFile: home + "/" + file, encoding: .utf8) else { return [] }
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        all.removeLast()
        return all.filter { !$0.isEmpty }
    }
}
