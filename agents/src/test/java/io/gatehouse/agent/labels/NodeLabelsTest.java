package io.gatehouse.agent.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLabelsTest {

    @Test
    void aCommandLabelCarriesTheCommandsTrimmedOutputBesideTheStaticLabels() {
        NodeLabels labels = new NodeLabels(Map.of("env", "dev"), List.of(
                new CommandLabel("arch", List.of("sh", "-c", "printf '  x86_64\\n\\n'"), Duration.ofMinutes(1))));
        assertEquals(Map.of("env", "dev"), labels.current(), "nothing before the first run");
        labels.start();
        assertEquals(Map.of("env", "dev", "arch", "x86_64"), labels.current());
    }

    @Test
    void failuresAndTimeoutsShowAsErrorsNotHangs() {
        assertEquals("error: exit status 3", NodeLabels.run(new CommandLabel("x", List.of("sh", "-c", "exit 3"),
                Duration.ofMinutes(1))));
        assertTrue(NodeLabels.run(new CommandLabel("x", List.of("/no/such/program"), Duration.ofMinutes(1)))
                .startsWith("error: cannot run"));
        long t0 = System.nanoTime();
        assertEquals("error: timed out after 1s", NodeLabels.run(new CommandLabel("x", List.of("sleep", "30"),
                Duration.ofSeconds(1))));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "a stuck command is killed at its limit");
    }

    @Test
    void controlCharactersAndHugeOutputAreTamed() {
        assertEquals("a b", NodeLabels.clean("a\u001bb\n"));
        assertEquals(NodeLabels.MAX_VALUE, NodeLabels.run(new CommandLabel("x", List.of("sh", "-c",
                "yes y | head -c 100000"), Duration.ofMinutes(1))).length());
    }
}
