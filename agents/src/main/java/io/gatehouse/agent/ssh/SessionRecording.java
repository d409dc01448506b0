package io.gatehouse.agent.ssh;

import io.gatehouse.agent.recording.AsciicastRecorder;
import io.gatehouse.agent.recording.RecordingFiles;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.RecordingMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording of one SSH session (a shell or a command, with or without a terminal) and what
 * happens when it cannot be written, by the roles' recording mode (Teleport's RFD 68). Best effort:
 * the session runs on unrecorded and the failure goes into its audit events. Strict: a session
 * whose recording cannot be opened is refused, and one whose recording fails mid-way is ended.
 * Under strict, output goes to the recording before the user sees it, so nothing reaches the user
 * that was not recorded; under best effort a writer thread records it beside the session, so a bulk
 * download does not wait for the disk.
 */
final class SessionRecording {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRecording.class);

    /** A strict session that cannot be recorded; the message is for the user. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final String sessionId;
    private final Optional<Path> dir;
    private final Optional<AsciicastRecorder> recorder;
    private final RecordingMode mode;
    private final String requiredBy;
    private final String node;
    private final AtomicReference<String> failure;
    private volatile Runnable onStrictLoss = () -> { };

    private SessionRecording(String sessionId, Optional<Path> dir, Optional<AsciicastRecorder> recorder,
            RecordingMode mode, String requiredBy, String node, String failure) {
        this.sessionId = sessionId;
        this.dir = dir;
        this.recorder = recorder;
        this.mode = mode;
        this.requiredBy = requiredBy;
        this.node = node;
        this.failure = new AtomicReference<>(failure);
    }

    /** A session the roles do not record (or that is never recorded, like SFTP). */
    static SessionRecording none(String sessionId) {
        return new SessionRecording(sessionId, Optional.empty(), Optional.empty(), RecordingMode.BEST_EFFORT, "",
                "", null);
    }

    /**
     * Opens the recording the roles ask for.
     *
     * @param terminal whether the session has a PTY (pipes get their newlines made playable)
     * @throws Refused when the roles make recording strict and it cannot be opened
     */
    static SessionRecording open(Optional<Path> dir, String sessionId, AccessChecker roles, String user, String node,
            boolean terminal, int width, int height, Instant now) throws Refused {
        if (roles.roleNames().isEmpty()) {
            // Auth unreachable (or every role deleted): whether to record is unknown, and no role means no access.
            throw new Refused("none of the roles of " + user + " could be read on node '" + node + "' (is the auth "
                    + "service reachable?); the session was not started. Try again later or ask an administrator.");
        }
        if (!roles.recordSession()) {
            return none(sessionId);
        }
        RecordingMode mode = roles.recordingMode();
        String requiredBy = mode == RecordingMode.STRICT ? names(roles.strictRecordingRoles())
                : names(roles.roleNames());
        String failure;
        if (dir.isEmpty()) {
            failure = "this node keeps no recordings";
        } else {
            try {
                AsciicastRecorder recorder = new AsciicastRecorder(dir.get().resolve(sessionId + ".cast"), width,
                        height, user + "@" + node, now.getEpochSecond(), terminal);
                SessionRecording recording = new SessionRecording(sessionId, dir, Optional.of(recorder), mode,
                        requiredBy, node, null);
                if (mode != RecordingMode.STRICT) {
                    // Best effort may record a moment behind the output; strict must record it first.
                    recorder.inBackground(sessionId, recording::lost);
                }
                return recording;
            } catch (IOException e) {
                failure = reason(e);
                LOG.error("cannot record session {} on {} ({}): {}", sessionId, node, mode.id(), e.toString());
            }
        }
        if (mode == RecordingMode.STRICT) {
            throw new Refused(message(requiredBy, node, failure, "the session was not started"));
        }
        return new SessionRecording(sessionId, dir, Optional.empty(), mode, requiredBy, node, failure);
    }

    /** Whether a recording file exists for this session. */
    boolean recorded() {
        return recorder.isPresent();
    }

    /** Why the recording failed (best effort: the session went on without it), if it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Run once when a strict recording fails mid-way: it ends the session. */
    void whenStrictRecordingFails(Runnable stop) {
        this.onStrictLoss = stop;
    }

    /** What the user is told when a strict recording failed mid-way. */
    String lossMessage() {
        return message(requiredBy, node, failure().orElse("unknown error"), "the session was ended");
    }

    /** The user's output stream, recorded: each stream of the session (stdout, stderr) is teed separately. */
    OutputStream record(OutputStream client, boolean primary) {
        return recorder.<OutputStream>map(r -> new Tee(client, primary ? r : r.newOutput())).orElse(client);
    }

    void resize(int width, int height) {
        recorder.ifPresent(r -> {
            try {
                r.resize(width, height);
            } catch (IOException e) {
                lost(e);
            }
        });
    }

    /** Closes the recording and marks it finished for the uploader (a partial one too: it is evidence). */
    void finish(String user, String login, Instant started) {
        recorder.ifPresent(r -> {
            try {
                r.close();
            } catch (IOException e) {
                lost(e);
            }
            try {
                RecordingFiles.finished(dir.orElseThrow(), sessionId, user, login, started);
            } catch (IOException e) {
                LOG.error("recording of session {} cannot be marked finished: {}", sessionId, e.toString());
                failure.compareAndSet(null, reason(e));
            }
        });
    }

    /** @return whether the session must stop (strict) */
    private boolean lost(IOException e) {
        if (failure.compareAndSet(null, reason(e))) {
            LOG.error("recording of session {} on {} failed ({}): {}", sessionId, node, mode.id(), e.toString());
            if (mode == RecordingMode.STRICT) {
                onStrictLoss.run();
            }
        }
        return mode == RecordingMode.STRICT;
    }

    private boolean stopped() {
        return mode == RecordingMode.STRICT && failure.get() != null;
    }

    private static String message(String requiredBy, String node, String reason, String outcome) {
        return "recording required by " + requiredBy + " could not be written on node '" + node + "' (" + reason
                + "); " + outcome + ". Ask an administrator to check the node's recordings directory (disk full or "
                + "not writable).";
    }

    private static String names(List<String> roles) {
        return (roles.size() == 1 ? "role " : "roles ") + roles.stream().map(r -> "'" + r + "'")
                .collect(Collectors.joining(", "));
    }

    /** The OS's reason without the agent's paths: the user sees it, the log has the whole exception. */
    private static String reason(IOException e) {
        return switch (e) {
            case FileSystemException f when f.getReason() != null -> f.getReason();
            case java.nio.file.FileAlreadyExistsException f -> "a file is where the recordings directory should be";
            case java.nio.file.AccessDeniedException f -> "Permission denied";
            case java.nio.file.NoSuchFileException f -> "No such file or directory";
            case FileSystemException f -> "cannot write the file";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** Writes to the recording first, then to the user. */
    private final class Tee extends OutputStream {
        private final OutputStream client;
        private final OutputStream recording;

        Tee(OutputStream client, OutputStream recording) {
            this.client = client;
            this.recording = recording;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (stopped()) {
                throw new IOException("the session's recording failed");
            }
            if (failure.get() == null) {
                try {
                    recording.write(b, off, len);
                } catch (IOException e) {
                    if (lost(e)) {
                        throw new IOException("the session's recording failed", e);
                    }
                }
            }
            client.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            client.flush();
        }
    }
}
