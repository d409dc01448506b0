package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.rdp.channel.StaticChannel;
import io.gatehouse.rdp.wire.ByteWriter;

/** The client data blocks of the GCC Conference Create Request (MS-RDPBCGR 2.2.1.3.2-2.2.1.3.5). */
public final class ClientData {
    private static final int CS_CORE = 0xC001;
    private static final int CS_SECURITY = 0xC002;
    private static final int CS_NET = 0xC003;
    private static final int CS_CLUSTER = 0xC004;
    /** RDP 5.0+ (what xrdp and Windows both accept; later versions add nothing the engine uses). */
    private static final long RDP_VERSION_5_PLUS = 0x00080004L;
    private static final int RNS_UD_COLOR_8BPP = 0xCA01;
    private static final int RNS_UD_SAS_DEL = 0xAA03;
    private static final int SUPPORT_24_16_15_32_BPP = 0x0001 | 0x0002 | 0x0004 | 0x0008;
    private static final int RNS_UD_CS_SUPPORT_ERRINFO_PDU = 0x0001;
    private static final int RNS_UD_CS_WANT_32BPP_SESSION = 0x0002;
    private static final int KEYBOARD_LAYOUT_US = 0x409;
    private static final int KEYBOARD_TYPE_IBM_ENHANCED = 4;

    private ClientData() {
    }

    public static byte[] blocks(RdpSettings s, int selectedProtocol, String clientName) {
        ByteWriter w = new ByteWriter(512);
        core(w, s, selectedProtocol, clientName);
        // 2.2.1.3.3: no encryption methods; TLS protects the connection.
        w.u16le(CS_SECURITY).u16le(12).u32le(0).u32le(0);
        // 2.2.1.3.4: the static virtual channels (the clipboard; no drive or sound).
        w.u16le(CS_NET).u16le(8 + 12 * StaticChannel.REQUESTED.size()).u32le(StaticChannel.REQUESTED.size());
        StaticChannel.REQUESTED.forEach(c -> c.write(w));
        // 2.2.1.3.5: REDIRECTION_SUPPORTED | REDIRECTION_VERSION4; no redirected session.
        w.u16le(CS_CLUSTER).u16le(12).u32le(0x0D).u32le(0);
        return w.toByteArray();
    }

    /** 2.2.1.3.2 TS_UD_CS_CORE up to serverSelectedProtocol (216 bytes). */
    private static void core(ByteWriter w, RdpSettings s, int selectedProtocol, String clientName) {
        int start = w.length();
        w.u16le(CS_CORE).u16le(216);
        w.u32le(RDP_VERSION_5_PLUS).u16le(s.width()).u16le(s.height());
        w.u16le(RNS_UD_COLOR_8BPP).u16le(RNS_UD_SAS_DEL).u32le(KEYBOARD_LAYOUT_US).u32le(2600);
        w.utf16Fixed(clientName, 32);
        w.u32le(KEYBOARD_TYPE_IBM_ENHANCED).u32le(0).u32le(12);
        w.zeros(64); // imeFileName
        w.u16le(RNS_UD_COLOR_8BPP).u16le(1).u32le(0);
        // highColorDepth tops out at 24; 32 bpp is asked for with the early capability flag.
        w.u16le(s.colorDepth() == 32 ? 24 : s.colorDepth());
        w.u16le(SUPPORT_24_16_15_32_BPP);
        w.u16le(RNS_UD_CS_SUPPORT_ERRINFO_PDU | (s.colorDepth() == 32 ? RNS_UD_CS_WANT_32BPP_SESSION : 0));
        w.zeros(64); // clientDigProductId
        w.u8(0).u8(0); // connectionType (not valid without the flag), pad
        w.u32le(selectedProtocol);
        assert w.length() - start == 216;
    }
}
