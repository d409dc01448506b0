package io.gatehouse.rdp.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelPduTest {
    private static final int FIRST = ChannelPdu.CHANNEL_FLAG_FIRST;
    private static final int LAST = ChannelPdu.CHANNEL_FLAG_LAST;

    @Test
    void aMessageIsCutIntoChunksThatCarryTheWholeLengthAndFirstLastFlags() throws Exception {
        byte[] message = bytes(5000);
        List<byte[]> chunks = ChannelPdu.chunks(message, 1600, true);
        assertEquals(4, chunks.size());
        int[] flags = new int[4];
        for (int i = 0; i < 4; i++) {
            ByteReader r = new ByteReader(chunks.get(i), "chunk");
            assertEquals(5000, r.u32le("length"));
            flags[i] = (int) r.u32le("flags");
            assertEquals(i < 3 ? 1600 : 200, r.remaining());
        }
        assertArrayEquals(new int[] {FIRST | 0x10, 0x10, 0x10, LAST | 0x10}, flags);

        ChannelReassembler in = new ChannelReassembler(10_000);
        Optional<byte[]> whole = Optional.empty();
        for (byte[] c : chunks) {
            whole = in.accept(new ByteReader(c, "chunk"));
        }
        assertArrayEquals(message, whole.orElseThrow());
    }

    @Test
    void aSmallOrEmptyMessageIsOneFirstAndLastChunk() throws Exception {
        for (byte[] message : new byte[][] {new byte[0], bytes(12)}) {
            List<byte[]> chunks = ChannelPdu.chunks(message, 1600, false);
            assertEquals(1, chunks.size());
            ByteReader r = new ByteReader(chunks.get(0), "chunk");
            r.u32le("length");
            assertEquals(FIRST | LAST, r.u32le("flags"));
            assertArrayEquals(message, new ChannelReassembler(100).accept(new ByteReader(chunks.get(0), "c")).orElseThrow());
        }
    }

    @Test
    void theChunkSizeFollowsTheServerWithinTheSpecificationsRange() {
        assertEquals(1600, ChannelPdu.chunkLength(0));
        assertEquals(1600, ChannelPdu.chunkLength(100));
        assertEquals(8000, ChannelPdu.chunkLength(8000));
        assertEquals(16256, ChannelPdu.chunkLength(0xFFFFFFFFL));
    }

    @Test
    void malformedChunksAreProtocolErrorsAndTheNextMessageStillAssembles() throws Exception {
        ChannelReassembler in = new ChannelReassembler(100);
        assertThrows(RdpProtocolException.class, () -> in.accept(chunk(10, 0, 4)), "continuation without a first chunk");
        assertThrows(RdpProtocolException.class, () -> in.accept(chunk(4, FIRST | LAST, 6)), "more data than the length");
        assertThrows(RdpProtocolException.class, () -> in.accept(chunk(10, FIRST | LAST, 4)), "last chunk short");
        assertThrows(RdpProtocolException.class, () -> in.accept(chunk(4, FIRST | LAST
                | ChannelPdu.CHANNEL_PACKET_COMPRESSED, 4)), "compression was not negotiated");
        assertThrows(RdpProtocolException.class, () -> in.accept(new ByteReader(new byte[] {1, 0, 0}, "c")), "truncated header");
        in.accept(chunk(10, FIRST, 4));
        assertThrows(RdpProtocolException.class, () -> in.accept(chunk(11, 0, 4)), "the length changed");
        assertArrayEquals(bytes(3), in.accept(chunk(3, FIRST | LAST, 3)).orElseThrow());
    }

    @Test
    void aMessageOverTheLimitIsRefusedOnceAndItsOtherChunksAreSkipped() throws Exception {
        ChannelReassembler in = new ChannelReassembler(100);
        RdpProtocolException e = assertThrows(RdpProtocolException.class, () -> in.accept(chunk(1000, FIRST, 50)));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertEquals(Optional.empty(), in.accept(chunk(1000, 0, 50)));
        assertEquals(Optional.empty(), in.accept(chunk(1000, LAST, 50)));
        assertArrayEquals(bytes(5), in.accept(chunk(5, FIRST | LAST, 5)).orElseThrow());
    }

    @Test
    void randomChunksOnlyEverThrowProtocolExceptions() {
        Random rnd = new Random(7);
        ChannelReassembler in = new ChannelReassembler(4096);
        for (int i = 0; i < 20_000; i++) {
            ByteWriter w = new ByteWriter();
            if (rnd.nextBoolean()) { // plausible headers, random lengths and flags
                w.u32le(rnd.nextInt(5000)).u32le(rnd.nextInt(4) | (rnd.nextInt(8) == 0 ? 0x00200000 : 0));
            }
            byte[] tail = new byte[rnd.nextInt(300)];
            rnd.nextBytes(tail);
            try {
                in.accept(new ByteReader(w.bytes(tail).toByteArray(), "random"));
            } catch (RdpProtocolException expected) {
                // fine
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("the reassembler threw " + e, e);
            }
        }
    }

    @Test
    void theClipboardChannelIsAdvertisedAsFreeRdpDoes() {
        ByteWriter w = new ByteWriter();
        StaticChannel.CLIPBOARD.write(w);
        assertArrayEquals(new ByteWriter().bytes(new byte[] {'c', 'l', 'i', 'p', 'r', 'd', 'r', 0})
                .u32le(0xC0A00000L).toByteArray(), w.toByteArray());
        assertThrows(IllegalArgumentException.class, () -> new StaticChannel("eightchr", 0));
    }

    private static ByteReader chunk(long length, int flags, int dataBytes) {
        return new ByteReader(new ByteWriter().u32le(length).u32le(flags).bytes(bytes(dataBytes)).toByteArray(), "chunk");
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
