package io.gatehouse.shared.cert;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs the real OpenSSH/OpenSSL tools; a missing tool fails the test (deploy/test.sh installs them). */
final class Tools {
    record Result(int exit, String out) {
    }

    private Tools() {
    }

    static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " timed out");
        }
        return new Result(p.exitValue(), out);
    }
}
