package io.gatehouse.agent.recording;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Writes a recording's events on a thread of its own, so a session's output is encrypted and sent
 * while the previous chunk is being encoded and written (on two cores, a bulk download through
 * `ssh HOST cat` would otherwise do both in turn). The queue is bounded: a disk slower than the
 * session slows the session down rather than dropping output or filling the heap. Events keep the
 * time they arrived at. After the first failed write the rest is dropped and the failure reported
 * once; that is best effort, so strict recording stays in the foreground.
 */
final class BackgroundWriter {
    /** Writes are split to this size, so the queue holds at most {@code QUEUE * MAX_CHUNK} bytes. */
    static final int MAX_CHUNK = 64 * 1024;
    private static final int QUEUE = 32;

    /** One event's work, done on the writer thread. */
    interface Job {
        void run() throws IOException;
    }

    private static final Job END = () -> { };
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Consumer<IOException> failed;
    private final Thread thread;
    private volatile boolean broken;

    BackgroundWriter(String name, Consumer<IOException> failed) {
        this.failed = failed;
        this.thread = Thread.ofPlatform().daemon().name("recording " + name).start(this::drain);
    }

    /** Queues an event; waits while the queue is full. Dropped once a write has failed. */
    void submit(Job job) throws IOException {
        if (broken) {
            return;
        }
        try {
            queue.put(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while recording the session's output");
        }
    }

    /** Writes what is queued and stops the thread. */
    void finish() throws IOException {
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the session's recording");
        }
    }

    private void drain() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == END) {
                return;
            }
            if (broken) {
                continue;
            }
            try {
                job.run();
            } catch (IOException | RuntimeException e) {
                broken = true;
                failed.accept(e instanceof IOException io ? io : new IOException(e.toString(), e));
            }
        }
    }
}
