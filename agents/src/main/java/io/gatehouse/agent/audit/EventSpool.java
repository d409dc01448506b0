package io.gatehouse.agent.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.NodeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events waiting for auth's acknowledgement, in the agent's data dir, written by one writer
 * that commits whatever is queued as one file (a JSON line per event): written to a temp name,
 * synced, then renamed, so a crash leaves either the whole batch or nothing. Many events, one sync:
 * a database session audits every statement, thousands a second, so events nobody waits on
 * ({@link #addSoon}) are gathered for up to {@link #GROUP_COMMIT_MS} before a commit, while an
 * event somebody waits on ({@link #add}) is committed at once with whatever is queued.
 * <p>
 * The recent committed batches stay in memory too (up to {@link #MAX_IN_MEMORY} events), so the
 * shipper sends them without reading its own files back; older ones, after a restart or a long
 * auth outage, are read from disk when their turn comes. Events survive agent restarts and auth
 * outages until acknowledged.
 */
public final class EventSpool {
    private static final Logger LOG = LoggerFactory.getLogger(EventSpool.class);
    /** At most this many events in one committed file: the shipper's batch, so an acknowledgement deletes whole files. */
    private static final int MAX_BATCH = EventShipper.BATCH;
    static final long GROUP_COMMIT_MS = 100;
    /** About 2 MB of a 48 MB heap: beyond it, a backlog waits on disk only. */
    static final int MAX_IN_MEMORY = 4_000;

    private final Path dir;
    private final ObjectMapper json = ApiJson.newMapper();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /**
     * Released by {@link #add} only: what ends a group commit early. The queue itself would wake the
     * writer at nearly every statement (it signals each add to an emptied queue), a thread switch per
     * statement for nothing.
     */
    private final Semaphore waiterQueued = new Semaphore(0);
    /** Guards the files and {@link #chunks}: the writer's commits against the shipper's reads and rewrites. */
    private final Object files = new Object();
    /** Committed files, oldest first. */
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int inMemory;
    /** What the last oldest() handed out, per file: what acknowledge() deletes without reading again. */
    private final List<Shipped> lastRead = new ArrayList<>();

    private record Pending(NodeEvent event, CompletableFuture<Void> committed) {
    }

    /** One committed file; {@code events} is null when only the disk holds them. */
    private record Chunk(Path file, List<NodeEvent> events) {
    }

    private record Shipped(Chunk chunk, List<NodeEvent> events) {
    }

    public EventSpool(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> all = Files.list(dir)) {
            all.filter(EventSpool::isSpoolFile).sorted().forEach(f -> chunks.add(new Chunk(f, null)));
        }
        Thread.ofVirtual().name("audit-spool").start(this::writeLoop);
    }

    private static boolean isSpoolFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".json") || name.endsWith(".jsonl");
    }

    /** Durable when this returns. Delivery keeps the order of events by time. */
    public void add(NodeEvent event) throws IOException {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        queue.add(new Pending(event, committed));
        waiterQueued.release();
        try {
            committed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while spooling an audit event");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Durable with the next commit, at most {@link #GROUP_COMMIT_MS} later; the caller does not wait
     * for the disk. For events too many to wait on one by one (a database session's statements): a
     * crash of the agent in that moment loses those not yet committed.
     */
    public void addSoon(NodeEvent event) {
        queue.add(new Pending(event, null));
    }

    private void writeLoop() {
        while (true) {
            List<Pending> batch;
            try {
                batch = gather();
            } catch (InterruptedException e) {
                return;
            }
            try {
                commit(batch);
                batch.forEach(p -> complete(p, null));
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot write {} audit events to {}: {}", batch.size(), dir, e.getMessage());
                batch.forEach(p -> complete(p, e));
            }
        }
    }

    /** The next batch: at once when someone waits on an event of it, else when full or the group-commit time is up. */
    private List<Pending> gather() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        batch.add(queue.take());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROUP_COMMIT_MS);
        queue.drainTo(batch, MAX_BATCH - batch.size());
        while (batch.size() < MAX_BATCH && batch.stream().allMatch(p -> p.committed() == null)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // Woken early only by a synchronous add (or a permit left by one already taken: an early commit, harmless).
            waiterQueued.tryAcquire(left, TimeUnit.NANOSECONDS);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
        waiterQueued.drainPermits();
        return batch;
    }

    private static void complete(Pending p, Exception failure) {
        if (p.committed() != null) {
            if (failure == null) {
                p.committed().complete(null);
            } else {
                p.committed().completeExceptionally(failure);
            }
        }
    }

    private void commit(List<Pending> batch) throws IOException {
        List<NodeEvent> events = batch.stream().map(Pending::event).toList();
        String name = String.format("%019d-%s.jsonl", events.get(0).time().toEpochMilli(), UUID.randomUUID());
        Path file = dir.resolve(name);
        byte[] lines = toLines(events);
        synchronized (files) {
            write(file, lines);
            boolean keep = inMemory + events.size() <= MAX_IN_MEMORY;
            chunks.add(new Chunk(file, keep ? events : null));
            inMemory += keep ? events.size() : 0;
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The oldest pending events, in whole files where they fit in {@code max}; unreadable files are
     * set aside (renamed .bad) rather than blocking the rest.
     */
    public List<NodeEvent> oldest(int max) throws IOException {
        List<NodeEvent> out = new ArrayList<>();
        synchronized (files) {
            lastRead.clear();
            for (Chunk c : List.copyOf(chunks)) {
                List<NodeEvent> events = eventsOf(c);
                if (events.isEmpty()) {
                    continue;
                }
                if (!out.isEmpty() && out.size() + events.size() > max) {
                    break;
                }
                lastRead.add(new Shipped(c, events));
                out.addAll(events);
                if (out.size() >= max) {
                    break;
                }
            }
        }
        out.sort(Comparator.comparing(NodeEvent::time));
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    /** Removes acknowledged events: a file goes when all of its events went, else keeps the rest. */
    public void acknowledge(Collection<String> ids) throws IOException {
        Set<String> acked = new HashSet<>(ids);
        synchronized (files) {
            List<Shipped> candidates = new ArrayList<>(lastRead);
            Set<String> known = new HashSet<>();
            candidates.forEach(s -> s.events().forEach(e -> known.add(e.id())));
            if (!known.containsAll(acked)) { // not what oldest() handed out: look everywhere
                candidates.clear();
                for (Chunk c : List.copyOf(chunks)) {
                    candidates.add(new Shipped(c, eventsOf(c)));
                }
            }
            for (Shipped s : candidates) {
                settle(s, acked);
            }
            lastRead.clear();
        }
    }

    private void settle(Shipped s, Set<String> acked) throws IOException {
        List<NodeEvent> rest = s.events().stream().filter(e -> !acked.contains(e.id())).toList();
        if (rest.size() == s.events().size()) {
            return;
        }
        Path f = s.chunk().file();
        Chunk replacement = null;
        if (rest.isEmpty()) {
            Files.deleteIfExists(f);
        } else {
            Path kept = f.resolveSibling(f.getFileName().toString().replaceFirst("\\.json$", ".jsonl"));
            write(kept, toLines(rest));
            if (!kept.equals(f)) {
                Files.deleteIfExists(f);
            }
            replacement = new Chunk(kept, s.chunk().events() == null ? null : rest);
        }
        if (s.chunk().events() != null) {
            inMemory -= s.chunk().events().size() - (replacement == null ? 0 : rest.size());
        }
        replace(s.chunk(), replacement);
    }

    /** Puts {@code replacement} (or nothing) where {@code old} was, keeping the order of files. */
    private void replace(Chunk old, Chunk replacement) {
        ArrayDeque<Chunk> kept = new ArrayDeque<>(chunks.size());
        for (Chunk c : chunks) {
            if (c != old) {
                kept.add(c);
            } else if (replacement != null) {
                kept.add(replacement);
            }
        }
        chunks.clear();
        chunks.addAll(kept);
    }

    public long pending() throws IOException {
        long n = 0;
        synchronized (files) {
            for (Chunk c : List.copyOf(chunks)) {
                n += eventsOf(c).size();
            }
        }
        return n;
    }

    private byte[] toLines(List<NodeEvent> events) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream(events.size() * 512);
        for (NodeEvent e : events) {
            lines.write(json.writeValueAsBytes(e));
            lines.write('\n');
        }
        return lines.toByteArray();
    }

    /** A chunk's events, from memory or its file; a file that cannot be read leaves the spool. */
    private List<NodeEvent> eventsOf(Chunk c) throws IOException {
        if (c.events() != null) {
            return c.events();
        }
        List<NodeEvent> read = read(c.file());
        if (read.isEmpty()) {
            replace(c, null);
        }
        return read;
    }

    private List<NodeEvent> read(Path f) throws IOException {
        try {
            List<NodeEvent> events = new ArrayList<>();
            for (String line : Files.readString(f, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    events.add(json.readValue(line, NodeEvent.class));
                }
            }
            return events;
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("audit spool file {} is unreadable ({}); set aside as .bad", f, e.getMessage());
            Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            return List.of();
        }
    }
}
