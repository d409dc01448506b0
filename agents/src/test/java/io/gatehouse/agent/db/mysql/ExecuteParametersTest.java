package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecuteParametersTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void integersStringsNullsAndTimesAreDecodedAndTypesRemembered() {
        var st = new ExecuteParameters.Statement("SELECT ?, ?, ?, ?", 4);
        byte[] first = bytes(0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0,
                0b0100, 1, // param 3 is NULL; types follow
                0x01, 0x00, 0x08, 0x80, 0x06, 0x00, 0x0b, 0x00,
                0xff, // TINY -1
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // unsigned LONGLONG
                8, 1, 1, 0, 0, 0, 2, 3, 4); // TIME -26:03:04
        assertEquals(List.of("-1", "18446744073709551615", "NULL", "-26:03:04"), ExecuteParameters.decode(first, st));
        byte[] again = bytes(0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0b0100, 0, // types as before
                0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0);
        assertEquals(List.of("5", "0", "NULL", "00:00:00"), ExecuteParameters.decode(again, st));
    }

    @Test
    void longStringsAreBoundedAndBlobsSummarised() {
        var st = new ExecuteParameters.Statement("INSERT INTO t VALUES (?, ?)", 2);
        byte[] head = bytes(0x17, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0xfd, 0, 0xfc, 0);
        byte[] text = "x".repeat(1000).getBytes();
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(bytes(0xfc, 1000 & 0xff, 1000 >> 8));
        out.writeBytes(text);
        out.writeBytes(bytes(3, 1, 2, 3));
        List<String> decoded = ExecuteParameters.decode(out.toByteArray(), st);
        assertEquals("x".repeat(256) + "… (1000 bytes)", decoded.get(0));
        assertEquals("(3 bytes)", decoded.get(1));
    }

    @Test
    void aTruncatedPacketIsSaidNotDecoded() {
        var st = new ExecuteParameters.Statement("SELECT ?", 1);
        assertEquals(List.of("(not decoded)"), ExecuteParameters.decode(bytes(0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
                0x03, 0, 1, 2), st));
    }
}
