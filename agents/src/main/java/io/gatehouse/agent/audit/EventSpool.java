package io.gatehouse.agent.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.NodeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events waiting for auth's acknowledgement, in the agent's data dir, written by one writer
 * that commits whatever is queued as one file (a JSON line per event): written to a temp name,
 * synced, then renamed, so a crash leaves either the whole batch or nothing. Many events, one sync:
 * a database session audits every statement, thousands a second, which one synced file per event
 * (the spool's first form, whose single-event .json files are still read) could not keep up with.
 * Events survive agent restarts and auth outages until acknowledged.
 */
public final class EventSpool {
    private static final Logger LOG = LoggerFactory.getLogger(EventSpool.class);
    /**
     * At most this many events in one committed file: the shipper's batch, so a shipped batch is
     * usually one whole file, deleted on acknowledgement without being read again.
     */
    private static final int MAX_BATCH = EventShipper.BATCH;

    private final Path dir;
    private final ObjectMapper json = ApiJson.newMapper();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Guards the files: the writer's commits against the shipper's reads and rewrites. */
    private final Object files = new Object();
    /** The ids in each file the last oldest() read: what acknowledge() deletes without reading again. */
    private final java.util.Map<Path, List<String>> lastRead = new java.util.LinkedHashMap<>();

    private record Pending(NodeEvent event, CompletableFuture<Void> committed) {
    }

    public EventSpool(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Thread.ofVirtual().name("audit-spool").start(this::writeLoop);
    }

    /** Durable when this returns. Delivery keeps the order of events by time. */
    public void add(NodeEvent event) throws IOException {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        queue.add(new Pending(event, committed));
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
     * Durable with the next commit, a moment later; the caller does not wait for the disk. For
     * events too many to wait on one by one (a database session's statements): a crash of the
     * agent in that moment loses those not yet committed.
     */
    public void addSoon(NodeEvent event) {
        queue.add(new Pending(event, null));
    }

    private void writeLoop() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                commit(batch);
                batch.forEach(p -> complete(p, null));
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot write {} audit events to {}: {}", batch.size(), dir, e.getMessage());
                batch.forEach(p -> complete(p, e));
            }
        }
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
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Pending p : batch) {
            lines.write(json.writeValueAsBytes(p.event()));
            lines.write('\n');
        }
        String name = String.format("%019d-%s", batch.get(0).event().time().toEpochMilli(), UUID.randomUUID());
        synchronized (files) {
            write(dir.resolve(name + ".jsonl"), lines.toByteArray());
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

    /** The oldest pending events; unreadable files are set aside (renamed .bad) rather than blocking the rest. */
    public List<NodeEvent> oldest(int max) throws IOException {
        List<NodeEvent> out = new ArrayList<>();
        synchronized (files) {
            lastRead.clear();
            for (Path f : spooled()) {
                if (out.size() >= max) {
                    break;
                }
                List<NodeEvent> events = read(f);
                lastRead.put(f, events.stream().map(NodeEvent::id).toList());
                out.addAll(events);
            }
        }
        out.sort(Comparator.comparing(NodeEvent::time));
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    /** Removes acknowledged events: a file goes when all of its events went, else keeps the rest. */
    public void acknowledge(Collection<String> ids) throws IOException {
        Set<String> acked = new HashSet<>(ids);
        synchronized (files) {
            boolean allKnown = lastRead.values().stream().flatMap(List::stream).collect(
                    java.util.stream.Collectors.toSet()).containsAll(acked);
            for (Path f : allKnown ? List.copyOf(lastRead.keySet()) : spooled()) {
                List<String> known = lastRead.get(f);
                if (known != null && acked.containsAll(known)) {
                    Files.deleteIfExists(f); // the usual case: a whole batch, not read again
                    continue;
                }
                if (known != null && known.stream().noneMatch(acked::contains)) {
                    continue;
                }
                List<NodeEvent> events = read(f);
                List<NodeEvent> rest = events.stream().filter(e -> !acked.contains(e.id())).toList();
                if (rest.isEmpty()) {
                    Files.deleteIfExists(f);
                } else if (rest.size() < events.size()) {
                    write(f.resolveSibling(f.getFileName().toString().replaceFirst("\\.json$", ".jsonl")),
                            toLines(rest));
                    if (f.toString().endsWith(".json")) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            lastRead.clear();
        }
    }

    public long pending() throws IOException {
        long n = 0;
        synchronized (files) {
            for (Path f : spooled()) {
                n += read(f).size();
            }
        }
        return n;
    }

    private byte[] toLines(List<NodeEvent> events) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        events.forEach(e -> {
            try {
                lines.write(json.writeValueAsBytes(e));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            lines.write('\n');
        });
        return lines.toByteArray();
    }

    /** Committed files, oldest first (names start with the first event's time). */
    private List<Path> spooled() throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl")).sorted()
                    .toList();
        }
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
        } catch (IOException e) {
            LOG.warn("audit spool file {} is unreadable ({}); set aside as .bad", f, e.getMessage());
            Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            return List.of();
        }
    }
}
