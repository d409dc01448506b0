package io.gatehouse.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.shared.api.NodeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSpoolTest {
    @TempDir
    Path dir;

    private static NodeEvent event(Instant time) {
        return new NodeEvent(UUID.randomUUID().toString(), "exec", true, time, "alice", "node/n", Map.of("c", 1));
    }

    @Test
    void eventsSurviveARestartAndComeOutOldestFirst() throws Exception {
        EventSpool spool = new EventSpool(dir);
        Instant t = Instant.now();
        NodeEvent second = event(t.plusSeconds(1));
        NodeEvent first = event(t);
        spool.add(second);
        spool.add(first);
        EventSpool reopened = new EventSpool(dir);
        assertEquals(List.of(first, second), reopened.oldest(10));
        reopened.acknowledge(List.of(first.id()));
        assertEquals(List.of(second), reopened.oldest(10));
    }

    @Test
    void manyEventsAddedWithoutWaitingAreCommittedInFewFilesAndAllArrive() throws Exception {
        EventSpool spool = new EventSpool(dir);
        Instant t = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            spool.addSoon(event(t.plusMillis(i)));
        }
        NodeEvent last = event(t.plusSeconds(60));
        spool.add(last); // durable on return, and so is everything queued before it
        assertEquals(10_001, spool.pending());
        long files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".jsonl")).count();
        }
        org.junit.jupiter.api.Assertions.assertTrue(files < 1000, "one synced file per batch, not per event: " + files);
        List<NodeEvent> first = new EventSpool(dir).oldest(10);
        assertEquals(t, first.get(0).time());
        spool.acknowledge(first.stream().map(NodeEvent::id).toList());
        assertEquals(9_991, spool.pending(), "acknowledged events leave, the rest of their file stays");
    }

    @Test
    void aCorruptFileIsSetAsideWithoutBlockingTheOthers() throws Exception {
        EventSpool spool = new EventSpool(dir);
        NodeEvent ok = event(Instant.now());
        spool.add(ok);
        Files.writeString(dir.resolve("0000000000000000001-broken.json"), "{not json");
        assertEquals(List.of(ok), spool.oldest(10));
        assertEquals(1, spool.pending());
    }

    @Test
    void theShipperKeepsEventsWhileAuthIsDownAndDeliversThemLater() throws Exception {
        EventSpool spool = new EventSpool(dir);
        for (int i = 0; i < 250; i++) {
            spool.add(event(Instant.now().plusMillis(i)));
        }
        List<NodeEvent> delivered = new ArrayList<>();
        boolean[] authUp = {false};
        EventShipper shipper = new EventShipper(spool, batch -> {
            if (!authUp[0]) {
                throw new IllegalStateException("connection refused");
            }
            delivered.addAll(batch.events());
            return new NodeEvent.Ack(batch.events().stream().map(NodeEvent::id).toList());
        }, Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, shipper::drainOnce);
        assertEquals(250, spool.pending(), "nothing lost while auth is down");
        authUp[0] = true;
        assertEquals(250, shipper.drainOnce());
        assertEquals(0, spool.pending());
        assertEquals(250, delivered.size());
    }

    @Test
    void statementsArrivingTogetherShareOneSyncedFile() throws Exception {
        EventSpool spool = new EventSpool(dir);
        for (int i = 0; i < 100; i++) {
            spool.addSoon(event(Instant.now()));
        }
        Thread.sleep(EventSpool.GROUP_COMMIT_MS * 4);
        try (var list = Files.list(dir)) {
            long files = list.filter(p -> p.toString().endsWith(".jsonl")).count();
            org.junit.jupiter.api.Assertions.assertTrue(files >= 1 && files <= 2,
                    "100 statements within the group-commit time: one file (two if the writer was preempted), got " + files);
        }
        assertEquals(100, spool.pending());
    }

    @Test
    void aBacklogLargerThanMemoryIsShippedWholeAndInOrder() throws Exception {
        EventSpool spool = new EventSpool(dir);
        Instant t = Instant.now();
        int n = EventSpool.MAX_IN_MEMORY * 2 + 7;
        for (int i = 0; i < n; i++) {
            spool.addSoon(event(t.plusMillis(i)));
        }
        spool.add(event(t.plusMillis(n)));
        List<NodeEvent> delivered = new ArrayList<>();
        EventShipper shipper = new EventShipper(spool, batch -> {
            org.junit.jupiter.api.Assertions.assertTrue(batch.events().size() <= EventShipper.BATCH);
            delivered.addAll(batch.events());
            return new NodeEvent.Ack(batch.events().stream().map(NodeEvent::id).toList());
        }, Duration.ofSeconds(1));
        assertEquals(n + 1, shipper.drainOnce());
        assertEquals(n + 1, delivered.size());
        for (int i = 0; i <= n; i++) {
            assertEquals(t.plusMillis(i), delivered.get(i).time(), "event " + i + " out of order");
        }
        assertEquals(0, spool.pending());
        try (var list = Files.list(dir)) {
            assertEquals(0, list.count(), "acknowledged files are deleted");
        }
    }
}
