// A full replay on two threads: one reads and decodes the journal, the other applies what it decoded, in order.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoding a line (checksum, envelope, payload) and applying its event each take about half of a full replay, and
/// neither needs the other's state: the reading thread runs the journal's ordinary read (`FileJournal.catchUp`, its
/// checks, its bookkeeping, a torn tail set aside) and hands the events over in batches, and the caller's thread
/// applies them in the same order as a read on one thread would. The board cannot tell the difference
/// (`ReplayPipelineTests`). The caller's thread touches nothing of the journal until the reader has finished, and the
/// reader touches nothing of the store, so the only shared state is the queue below, under its mutex.
///
/// Measured (plain release builds, 50,000 tickets / 250,001 events, `render` with `SETBOARD_SNAPSHOT=off`, 7 cold
/// runs each, alternated, shared 2-core machine at load 1.6): wall time 0.37 → 0.26 s (best), 0.45 → 0.30 s
/// (median), for 0.32 → 0.40 s of CPU; peak RSS 56 → 57 MB. Handing applied batches back to the reader to release
/// mattered: freed on the applying thread, the records cost both threads more than the second thread saved. The
/// queue holds at most `capacity` batches of `batchSize` records (about 1.5 MB), so memory stays bounded; a journal
/// smaller than `FileJournal.pipelineThreshold` is read on one thread.
final class ReplayPipeline: @unchecked Sendable {
    static let batchSize = 1_024
    private let capacity = 4
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [[JournalRecord]] = []
    private var head = 0
    private var finished = false
    /// Batches applied, handed back so the reader releases them: its thread made the records, and freeing them on
    /// the applying thread made both threads contend for the allocator's arena and the records' reference counts.
    private var done: [[JournalRecord]] = []

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Reader side: waits while the queue is full, so a slow applier holds the reader back, not memory.
    func put(_ batch: [JournalRecord]) {
        pthread_mutex_lock(mutex)
        while queue.count - head >= capacity { pthread_cond_wait(changed, mutex) }
        queue.append(batch)
        var applied: [[JournalRecord]] = []
        swap(&applied, &done)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        withExtendedLifetime(applied) {} // released here, on the reader's thread, outside the lock
    }

    /// Applier side: a batch it has finished with, for the reader to release.
    func giveBack(_ batch: [JournalRecord]) {
        pthread_mutex_lock(mutex)
        done.append(batch)
        pthread_mutex_unlock(mutex)
    }

    /// Reader side: nothing more will come.
    func finish() {
        pthread_mutex_lock(mutex)
        finished = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Applier side: the next batch, or nil once the reader has finished and everything was taken.
    func take() -> [JournalRecord]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while head == queue.count && !finished { pthread_cond_wait(changed, mutex) }
        guard head < queue.count else { return nil }
        let batch = queue[head]
        queue[head] = []
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        pthread_cond_broadcast(changed)
        return batch
    }

    /// Runs `read` on a new thread, handing its batches to `apply` on this one, and returns true once both are done;
    /// `read` answers the error that ended it, if any. False, with nothing read, when no thread could be started: the
    /// caller then reads on its own thread (running `read` here instead would block on the full queue).
    static func run(read: @escaping (ReplayPipeline) -> JournalError?, apply: ([JournalRecord]) -> Void)
        throws(JournalError) -> Bool {
        let pipe = ReplayPipeline()
        let job = Job { pipe.failure = read(pipe); pipe.finish() }
        guard job.start() else { return false }
        while let batch = pipe.take() {
            apply(batch)
            pipe.giveBack(batch)
        }
        job.join()
        if let failure = pipe.failure { throw failure }
        return true
    }

    /// Written by the reader before `finish`, read by the applier after `join`.
    private var failure: JournalError?

    /// One thread of the C library, joined before anything it wrote is read.
    private final class Job: @unchecked Sendable {
        private let body: () -> Void
        private var thread = pthread_t()

        init(_ body: @escaping () -> Void) { self.body = body }

        func start() -> Bool {
            let context = Unmanaged.passRetained(self).toOpaque()
            let status = pthread_create(&thread, nil, { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                job.body()
                return nil
            }, context)
            if status != 0 { Unmanaged<Job>.fromOpaque(context).release() }
            return status == 0
        }

        func join() { pthread_join(thread, nil) }
    }
}
