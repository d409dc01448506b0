package io.gatehouse.agent.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.NodeEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events waiting for auth's acknowledgement, one file per event in the agent's data dir.
 * A file is written to a temp name, synced and then renamed, so a crash leaves either the whole
 * event or nothing; events survive agent restarts and auth outages until acknowledged.
 */
public final class EventSpool {
    private static final Logger LOG = LoggerFactory.getLogger(EventSpool.class);

    private final Path dir;
    private final ObjectMapper json = ApiJson.newMapper();

    public EventSpool(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** Durable when this returns. Names sort by time, so delivery keeps the order of events. */
    public void add(NodeEvent event) throws IOException {
        String name = String.format("%019d-%s", event.time().toEpochMilli(), event.id());
        Path tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, json.writeValueAsBytes(event));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The oldest pending events; unreadable files are set aside (renamed .bad) rather than blocking the rest. */
    public List<NodeEvent> oldest(int max) throws IOException {
        List<NodeEvent> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().limit(max).toList()) {
                try {
                    out.add(json.readValue(f.toFile(), NodeEvent.class));
                } catch (IOException e) {
                    LOG.warn("audit spool file {} is unreadable ({}); set aside as .bad", f, e.getMessage());
                    Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return out;
    }

    public void acknowledge(Collection<String> ids) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String name = f.getFileName().toString();
                String id = name.substring(name.indexOf('-') + 1, name.length() - ".json".length());
                if (ids.contains(id)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    public long pending() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }
}
