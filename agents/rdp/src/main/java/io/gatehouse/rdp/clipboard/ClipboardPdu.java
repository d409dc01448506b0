package io.gatehouse.rdp.clipboard;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The clipboard PDUs of MS-RDPECLIP 2.2 that the engine speaks, each after a CLIPRDR_HEADER
 * (2.2.1: msgType, msgFlags, dataLen). One PDU per virtual channel message; parse and write side
 * by side.
 */
public sealed interface ClipboardPdu {
    int CB_MONITOR_READY = 0x0001;
    int CB_FORMAT_LIST = 0x0002;
    int CB_FORMAT_LIST_RESPONSE = 0x0003;
    int CB_FORMAT_DATA_REQUEST = 0x0004;
    int CB_FORMAT_DATA_RESPONSE = 0x0005;
    int CB_CLIP_CAPS = 0x0007;
    int CB_RESPONSE_OK = 0x0001;
    int CB_RESPONSE_FAIL = 0x0002;
    int CB_ASCII_NAMES = 0x0004;
    int CB_CAPSTYPE_GENERAL = 0x0001;
    int CB_CAPS_VERSION_2 = 0x0002;
    int CB_USE_LONG_FORMAT_NAMES = 0x0002;
    /** Standard clipboard format: UTF-16LE text ending in a NUL. */
    int CF_UNICODETEXT = 13;
    int HEADER_LENGTH = 8;

    /** 2.2.2.1 Clipboard Capabilities: the general set's version and flags (0 and 0 when there is none). */
    record Capabilities(long version, long generalFlags) implements ClipboardPdu {
        public boolean longFormatNames() {
            return (generalFlags & CB_USE_LONG_FORMAT_NAMES) != 0;
        }
    }

    /** 2.2.2.2 Server Monitor Ready: the server's clipboard is ready; the client answers with its own. */
    record MonitorReady() implements ClipboardPdu {
    }

    /** 2.2.3.1 Format List: what the sender's clipboard now holds. */
    record FormatList(List<Format> formats) implements ClipboardPdu {
        public FormatList {
            formats = List.copyOf(formats);
        }

        public boolean offers(int formatId) {
            return formats.stream().anyMatch(f -> f.id() == formatId);
        }
    }

    /** A clipboard format: a standard id with an empty name, or a registered one with its name. */
    record Format(long id, String name) {
    }

    /** 2.2.3.2 Format List Response. */
    record FormatListResponse(boolean ok) implements ClipboardPdu {
    }

    /** 2.2.5.1 Format Data Request. */
    record FormatDataRequest(long formatId) implements ClipboardPdu {
    }

    /** 2.2.5.2 Format Data Response: the data of the requested format, or a failure. */
    record FormatDataResponse(boolean ok, byte[] data) implements ClipboardPdu {
    }

    /** A PDU the engine does not act on (temporary directory, file contents, clipboard locks). */
    record Other(int msgType) implements ClipboardPdu {
    }

    /**
     * Parses one PDU. {@code longNames}: both sides advertised CB_USE_LONG_FORMAT_NAMES (2.2.3.1),
     * which decides the format list's layout.
     */
    static ClipboardPdu parse(ByteReader r, boolean longNames) throws RdpProtocolException {
        int type = r.u16le("msgType");
        int flags = r.u16le("msgFlags");
        int dataLen = r.i32le("dataLen");
        ByteReader body = r.slice(dataLen, "clipboard PDU data");
        return switch (type) {
            case CB_CLIP_CAPS -> parseCapabilities(body);
            case CB_MONITOR_READY -> new MonitorReady();
            case CB_FORMAT_LIST -> new FormatList(longNames ? parseLongNames(body)
                    : parseShortNames(body, (flags & CB_ASCII_NAMES) != 0));
            case CB_FORMAT_LIST_RESPONSE -> new FormatListResponse(ok(flags, r));
            case CB_FORMAT_DATA_REQUEST -> new FormatDataRequest(body.u32le("requestedFormatId"));
            case CB_FORMAT_DATA_RESPONSE -> {
                boolean ok = ok(flags, r);
                yield new FormatDataResponse(ok, ok ? body.bytes(body.remaining(), "requestedFormatData") : new byte[0]);
            }
            default -> new Other(type);
        };
    }

    private static boolean ok(int flags, ByteReader r) throws RdpProtocolException {
        boolean ok = (flags & CB_RESPONSE_OK) != 0;
        if (ok == ((flags & CB_RESPONSE_FAIL) != 0)) {
            throw r.error("a response is neither OK nor FAIL (msgFlags 0x" + Integer.toHexString(flags) + ")");
        }
        return ok;
    }

    /** 2.2.2.1: the general capability set, among others the engine skips. */
    private static Capabilities parseCapabilities(ByteReader r) throws RdpProtocolException {
        int count = r.u16le("cCapabilitiesSets");
        r.u16le("pad1");
        long version = 0;
        long flags = 0;
        for (int i = 0; i < count; i++) {
            int setType = r.u16le("capabilitySetType");
            int len = r.u16le("lengthCapability");
            if (len < 4) {
                throw r.error("clipboard capability set " + setType + " has length " + len);
            }
            ByteReader set = r.slice(len - 4, "capability set " + setType);
            if (setType == CB_CAPSTYPE_GENERAL) {
                version = set.u32le("version");
                flags = set.u32le("generalFlags");
            }
        }
        return new Capabilities(version, flags);
    }

    /** 2.2.3.1.1.1: 36-byte entries, a 32-byte name in UTF-16 or (CB_ASCII_NAMES) ASCII. */
    private static List<Format> parseShortNames(ByteReader r, boolean ascii) throws RdpProtocolException {
        if (r.remaining() % 36 != 0) {
            throw r.error("a short format list of " + r.remaining() + " bytes is not a multiple of 36");
        }
        List<Format> formats = new ArrayList<>(r.remaining() / 36);
        while (r.hasRemaining()) {
            long id = r.u32le("formatId");
            String name;
            if (ascii) {
                String s = new String(r.bytes(32, "formatName"), StandardCharsets.ISO_8859_1);
                name = s.indexOf('\0') >= 0 ? s.substring(0, s.indexOf('\0')) : s;
            } else {
                name = r.utf16(32, "formatName");
            }
            formats.add(new Format(id, name));
        }
        return formats;
    }

    /** 2.2.3.1.2.1: formatId, then a NUL-terminated UTF-16LE name. */
    private static List<Format> parseLongNames(ByteReader r) throws RdpProtocolException {
        List<Format> formats = new ArrayList<>();
        while (r.hasRemaining()) {
            long id = r.u32le("formatId");
            ByteReader name = r.copy();
            int units = 0;
            while (name.u16le("wszFormatName (no terminating NUL)") != 0) {
                units++;
            }
            formats.add(new Format(id, r.utf16(units * 2 + 2, "wszFormatName")));
        }
        return formats;
    }

    /** The whole PDU: header and data. */
    static byte[] write(int msgType, int msgFlags, byte[] data) {
        return new ByteWriter(HEADER_LENGTH + data.length).u16le(msgType).u16le(msgFlags).u32le(data.length)
                .bytes(data).toByteArray();
    }

    /** 2.2.2.1 with one general set: version 2 and {@code generalFlags}. */
    static byte[] capabilities(long generalFlags) {
        byte[] data = new ByteWriter(16).u16le(1).u16le(0).u16le(CB_CAPSTYPE_GENERAL).u16le(12)
                .u32le(CB_CAPS_VERSION_2).u32le(generalFlags).toByteArray();
        return write(CB_CLIP_CAPS, 0, data);
    }

    /** 2.2.3.1 in the layout both sides agreed on. Names are for registered formats; standard ones have none. */
    static byte[] formatList(List<Format> formats, boolean longNames) {
        ByteWriter w = new ByteWriter(formats.size() * 36);
        for (Format f : formats) {
            w.u32le(f.id());
            if (longNames) {
                w.bytes(f.name().getBytes(StandardCharsets.UTF_16LE)).u16le(0);
            } else {
                w.utf16Fixed(f.name(), 32);
            }
        }
        return write(CB_FORMAT_LIST, 0, w.toByteArray());
    }

    static byte[] formatListResponse(boolean ok) {
        return write(CB_FORMAT_LIST_RESPONSE, ok ? CB_RESPONSE_OK : CB_RESPONSE_FAIL, new byte[0]);
    }

    static byte[] formatDataRequest(long formatId) {
        return write(CB_FORMAT_DATA_REQUEST, 0, new ByteWriter(4).u32le(formatId).toByteArray());
    }

    /** A successful response with {@code data}, or (null) a failed one. */
    static byte[] formatDataResponse(byte[] data) {
        return data == null ? write(CB_FORMAT_DATA_RESPONSE, CB_RESPONSE_FAIL, new byte[0])
                : write(CB_FORMAT_DATA_RESPONSE, CB_RESPONSE_OK, data);
    }
}
