package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.DbAudit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A DbAudit that keeps what it is told, as lines ("query SELECT 1 []", "refused USE x: reason"). */
final class RecordingAudit implements DbAudit {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public void started() {
        events.add("started");
    }

    @Override
    public void query(String text, List<String> parameters) {
        events.add("query " + text + " " + parameters);
    }

    @Override
    public void refused(String what, String reason) {
        events.add("refused " + what + ": " + reason);
    }

    @Override
    public void ended(String error) {
        events.add("ended " + error);
        ended.countDown();
    }
}
