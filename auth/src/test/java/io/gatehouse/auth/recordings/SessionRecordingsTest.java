package io.gatehouse.auth.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.RecordingDto;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Uploading recordings as nodes do, and who may upload and see what. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SessionRecordingsTest {

    @Test
    void aNodeCannotUploadARecordingOfASessionThatRanOnAnotherNode() throws Exception {
        AuthClient victim = TestCluster.joinNode("rec-victim");
        AuthClient rogue = TestCluster.joinNode("rec-rogue");
        String session = GeneratedRecording.startSession(victim, "rec-victim", "alice");
        GeneratedRecording forged = new GeneratedRecording(3000, "forged");

        // The rogue node, with its own identity, tries to plant a recording for the victim's session.
        var chunk = forged.chunk(rogue, session, 0);
        assertEquals(403, chunk.status(), chunk.body().toString());
        assertTrue(chunk.errorMessage().contains("did not run on node rec-rogue"), chunk.errorMessage());
        var complete = rogue.postJson("/v1/recordings/" + session + "/complete",
                new RecordingDto.Complete(forged.size(), forged.sha256()));
        assertEquals(403, complete.status(), complete.body().toString());

        GeneratedRecording real = new GeneratedRecording(3000, "real");
        var done = real.upload(victim, session);
        assertEquals(200, done.status(), done.body().toString());
        assertEquals("alice", done.body().path("user").asText(), "who from the session's start event");
        assertEquals("rec-victim", done.body().path("node").asText());
        var played = GeneratedRecording.play(TestCluster.admin(), session);
        assertEquals(new GeneratedRecording.Played(200, real.size(), real.sha256()), played);

        assertEquals(403, forged.chunk(rogue, session, 0).status(), "nor once the recording exists");
    }

    @Test
    void aRecordingOfASessionAuthNeverHeardOfIsRefusedUntilItsStartArrives() throws Exception {
        AuthClient node = TestCluster.joinNode("rec-early");
        var r = new GeneratedRecording(100, "early").chunk(node, UUID.randomUUID().toString(), 0);
        assertEquals(409, r.status(), r.body().toString());
        assertTrue(r.errorMessage().contains("no start event"), r.errorMessage());
    }

    @Test
    void aHalfUploadedRecordingIsNeverListedOrServed() throws Exception {
        AuthClient node = TestCluster.joinNode("rec-half");
        String session = GeneratedRecording.startSession(node, "rec-half", "alice");
        GeneratedRecording rec = new GeneratedRecording(GeneratedRecording.CHUNK * 2L + 10, "half");
        assertEquals(204, rec.chunk(node, session, 0).status());
        assertEquals(204, rec.chunk(node, session, 2L * GeneratedRecording.CHUNK).status());

        assertEquals(404, TestCluster.admin().get("/v1/recordings/" + session).status());
        assertEquals(404, GeneratedRecording.play(TestCluster.admin(), session).status());
        assertFalse(TestCluster.admin().get("/v1/recordings?limit=1000").body().toString().contains(session));
        var early = node.postJson("/v1/recordings/" + session + "/complete",
                new RecordingDto.Complete(rec.size(), rec.sha256()));
        assertEquals(409, early.status(), "a gap is not a complete recording: " + early.body());
    }

    @Test
    void aReUploadAfterAFailedCompletionReplacesTheChunksAndNeverDuplicates() throws Exception {
        AuthClient node = TestCluster.joinNode("rec-retry");
        String session = GeneratedRecording.startSession(node, "rec-retry", "alice");
        GeneratedRecording garbled = new GeneratedRecording(GeneratedRecording.CHUNK + 500L, "garbled");
        GeneratedRecording real = new GeneratedRecording(GeneratedRecording.CHUNK + 700L, "real");
        assertEquals(204, garbled.chunk(node, session, 0).status());
        assertEquals(204, garbled.chunk(node, session, GeneratedRecording.CHUNK).status());
        var wrong = node.postJson("/v1/recordings/" + session + "/complete",
                new RecordingDto.Complete(real.size(), real.sha256()));
        assertEquals(409, wrong.status(), wrong.body().toString());

        assertEquals(200, real.upload(node, session).status());
        assertEquals(200, real.upload(node, session).status(), "an agent restarted after completing resends");
        var played = GeneratedRecording.play(TestCluster.admin(), session);
        assertEquals(new GeneratedRecording.Played(200, real.size(), real.sha256()), played);
        var other = new GeneratedRecording(real.size(), "other");
        var replace = node.postJson("/v1/recordings/" + session + "/complete",
                new RecordingDto.Complete(other.size(), other.sha256()));
        assertEquals(409, replace.status(), "a finished recording is never replaced");
    }

    @Test
    void aUserPlaysTheirOwnRecordingsAndAnAuditorEveryones() throws Exception {
        var owner = TestCluster.signUp("rec-owner", List.of("access"), List.of("root"));
        var other = TestCluster.signUp("rec-other", List.of("access"), List.of("root"));
        var auditor = TestCluster.signUp("rec-auditor", List.of("auditor"), List.of());
        AuthClient node = TestCluster.joinNode("rec-users");
        String session = GeneratedRecording.startSession(node, "rec-users", "rec-owner");
        GeneratedRecording rec = new GeneratedRecording(5000, "users");
        assertEquals(200, rec.upload(node, session).status());

        assertEquals(rec.size(), GeneratedRecording.play(TestCluster.loginAs(owner), session).size());
        assertEquals(200, GeneratedRecording.play(TestCluster.loginAs(auditor), session).status());
        var refused = GeneratedRecording.play(TestCluster.loginAs(other), session);
        assertEquals(404, refused.status(), "another user's recording is not found, not forbidden");
    }
}
