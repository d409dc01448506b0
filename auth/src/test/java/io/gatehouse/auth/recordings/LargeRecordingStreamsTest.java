package io.gatehouse.auth.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A recording larger than auth's whole heap uploads, completes and plays back intact. Surefire runs
 * this class alone in a JVM with -Xmx192m (execution "small-heap" in auth/pom.xml; auth runs in the
 * test's JVM), so any step that held the recording in memory would end in an OutOfMemoryError.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class LargeRecordingStreamsTest {
    private static final long SIZE = 256L << 20;

    @Test
    void aRecordingLargerThanAuthsHeapUploadsAndPlaysBackIntact() throws Exception {
        assumeTrue(Runtime.getRuntime().maxMemory() < SIZE, "only meaningful with a heap smaller than the "
                + "recording (the small-heap execution)");
        AuthClient node = TestCluster.joinNode("rec-large");
        String session = GeneratedRecording.startSession(node, "rec-large", "alice");
        GeneratedRecording rec = new GeneratedRecording(SIZE, "large");

        var done = rec.upload(node, session);
        assertEquals(200, done.status(), done.body().toString());
        assertEquals(SIZE, done.body().path("size").asLong());
        var played = GeneratedRecording.play(TestCluster.admin(), session);
        assertEquals(new GeneratedRecording.Played(200, SIZE, rec.sha256()), played);
    }
}
