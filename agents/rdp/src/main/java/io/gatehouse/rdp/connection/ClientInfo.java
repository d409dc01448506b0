package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.wire.ByteWriter;
import java.nio.charset.StandardCharsets;

/**
 * The Client Info PDU (MS-RDPBCGR 2.2.1.11): the credentials for auto-logon. The bytes hold the
 * password in clear (inside TLS); nothing here logs or keeps them.
 */
public final class ClientInfo {
    /** Basic security header flag: this is the Client Info PDU (2.2.8.1.1.2.1). */
    private static final int SEC_INFO_PKT = 0x0040;
    private static final int INFO_MOUSE = 0x0001;
    private static final int INFO_DISABLECTRLALTDEL = 0x0002;
    private static final int INFO_AUTOLOGON = 0x0008;
    private static final int INFO_UNICODE = 0x0010;
    /** Always set by mstsc; xrdp rejects a Client Info without it ("received wrong flags"). */
    private static final int INFO_MAXIMIZESHELL = 0x0020;
    private static final int INFO_LOGONNOTIFY = 0x0040;
    private static final int INFO_ENABLEWINDOWSKEY = 0x0100;
    private static final int INFO_LOGONERRORS = 0x00010000;
    private static final int INFO_MOUSE_HAS_WHEEL = 0x00020000;
    private static final int FLAGS = INFO_MOUSE | INFO_DISABLECTRLALTDEL | INFO_AUTOLOGON | INFO_UNICODE
            | INFO_MAXIMIZESHELL | INFO_LOGONNOTIFY | INFO_ENABLEWINDOWSKEY | INFO_LOGONERRORS | INFO_MOUSE_HAS_WHEEL;
    private static final int AF_INET = 2;
    /** No wallpaper, full-window drag, menu animations or cursor shadow: fewer bitmaps for the same work. */
    private static final int PERFORMANCE_FLAGS = 0x01 | 0x02 | 0x04 | 0x20;

    private ClientInfo() {
    }

    /** The PDU with its basic security header, ready for the I/O channel. */
    public static byte[] pdu(String domain, String user, String password) {
        byte[] d = utf16(domain);
        byte[] u = utf16(user);
        byte[] p = utf16(password);
        byte[] address = utf16("0.0.0.0");
        byte[] dir = utf16("C:\\Windows\\System32\\mstscax.dll");
        ByteWriter w = new ByteWriter(512 + d.length + u.length + p.length);
        w.u16le(SEC_INFO_PKT).u16le(0);
        w.u32le(0).u32le(FLAGS); // CodePage (ignored with INFO_UNICODE), flags
        // cb* fields exclude the terminating NUL that follows each string.
        w.u16le(d.length).u16le(u.length).u16le(p.length).u16le(0).u16le(0);
        w.bytes(d).u16le(0).bytes(u).u16le(0).bytes(p).u16le(0).u16le(0).u16le(0);
        // 2.2.1.11.1.1.1 extended info: here the lengths include the NUL.
        w.u16le(AF_INET).u16le(address.length + 2).bytes(address).u16le(0);
        w.u16le(dir.length + 2).bytes(dir).u16le(0);
        w.zeros(172); // TS_TIME_ZONE_INFORMATION: UTC
        w.u32le(0).u32le(PERFORMANCE_FLAGS).u16le(0); // sessionId, performanceFlags, no auto-reconnect cookie
        java.util.Arrays.fill(p, (byte) 0);
        return w.toByteArray();
    }

    private static byte[] utf16(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_16LE);
    }
}
