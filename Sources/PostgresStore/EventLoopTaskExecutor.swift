import NIOCore

/// Runs a task's jobs on one NIO event loop, the loop its PostgreSQL connections read on. A query's task then does not
/// wait for a thread of the cooperative pool each time the connection hands it rows: on two cores, those hops were
/// a large share of a short query's latency.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
