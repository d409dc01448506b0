package io.gatehouse.shared.db.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the readers answer with a message or a MalformedPgMessage/EOF: never an
 * index error, a negative array size or an OutOfMemoryError (lengths are checked before allocating).
 */
class PgProtocolFuzzTest {
    private static final int ROUNDS = 20_000;

    @Test
    void mutatedStartupPacketsNeverEscapeTheReader() {
        List<byte[]> seeds = List.of(
                new StartupPacket.StartupMessage(StartupPacket.PROTOCOL_3_0, Map.of("user", "alice", "database", "db"))
                        .write(),
                new StartupPacket.SslRequest().write(),
                new StartupPacket.CancelRequest(1, new byte[] {1, 2, 3, 4}).write());
        Random random = new Random(20261207);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] input = mutate(seeds.get(i % seeds.size()), random);
            try {
                new PgMessageReader(new ByteArrayInputStream(input), 1 << 16).startup();
            } catch (MalformedPgMessage | EOFException expected) {
                // refused with a reason
            } catch (IOException | RuntimeException e) {
                fail("round " + i + ": " + e, e);
            }
        }
    }

    @Test
    void mutatedTypedMessagesNeverEscapeTheParsers() {
        List<PgMessage> seeds = List.of(
                new PgMessage('P', new PgWire.Body().cstring("s").cstring("select $1").int16(1).int32(23).toBytes()),
                new PgMessage('B', new PgWire.Body().cstring("").cstring("s").int16(1).int16(1).int16(1).int32(4)
                        .int32(42).int16(1).int16(1).toBytes()),
                new PgMessage('E', new PgWire.Body().cstring("").int32(0).toBytes()),
                new PgMessage('Q', new PgWire.Body().cstring("select 1").toBytes()),
                new PgMessage('D', new PgWire.Body().int8('S').cstring("s").toBytes()),
                BackendMessage.fatal("28000", "no", "hint"),
                BackendMessage.backendKeyData(1, new byte[] {1, 2, 3, 4}),
                BackendMessage.readyForQuery('I'));
        Random random = new Random(7);
        for (int i = 0; i < ROUNDS; i++) {
            PgMessage seed = seeds.get(i % seeds.size());
            byte[] input = mutate(seed.toBytes(), random);
            try {
                PgMessageReader r = new PgMessageReader(new ByteArrayInputStream(input), 1 << 16);
                PgMessage m = r.body(r.next());
                switch (m.typeChar()) {
                    case 'E', 'N' -> {
                        BackendMessage.fields(m);
                        FrontendMessage.parse(m);
                    }
                    case 'K' -> BackendMessage.cancelKey(m);
                    case 'Z' -> BackendMessage.transactionStatus(m);
                    default -> FrontendMessage.parse(m);
                }
            } catch (MalformedPgMessage | EOFException expected) {
                // refused with a reason
            } catch (IOException | RuntimeException e) {
                fail("round " + i + " (" + seed + "): " + e, e);
            }
        }
    }

    /** Flips, truncates, extends or overwrites a few bytes, lengths included. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(4)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, Math.max(1, random.nextInt(b.length + 1)));
                default -> {
                    b = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
                    b[b.length - 1] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }
}
