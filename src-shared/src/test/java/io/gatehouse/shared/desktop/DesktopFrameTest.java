package io.gatehouse.shared.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesktopFrameTest {
    /** One of every frame, with values at the edges of their fields. */
    static final List<DesktopFrame> EVERY_FRAME = List.of(
            new ServerFrame.Screen(1024, 768),
            new ServerFrame.Tile(64, 65535, 2, 1, ServerFrame.ENCODING_PNG, new byte[] {9, 8}),
            new ServerFrame.PointerPosition(5, 7),
            ServerFrame.PointerShape.hidden(),
            ServerFrame.PointerShape.arrow(),
            ServerFrame.PointerShape.image(3, 4, new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
            new ServerFrame.Clipboard("héllo ✓"),
            new ServerFrame.Error("access_denied", "no role of alice gives the login 'dev' on desktop 'win'"),
            new ServerFrame.Closed("logged off"),
            new ServerFrame.Connected("win", "dev", "0b5c"),
            new InputFrame.MouseMove(10, 20),
            new InputFrame.MouseButton(2, true, 65535, 0),
            new InputFrame.Wheel(1, -32768, 5, 6),
            new InputFrame.Key(true, 0xE048),
            new InputFrame.Unicode(false, 0xD83D),
            new InputFrame.Resize(1920, 1080),
            new InputFrame.Clipboard("from the page"),
            new Open("win", "dev", 1280, 720));

    @Test
    void everyFrameReadsBackAsTheSameValue() throws Exception {
        for (DesktopFrame f : EVERY_FRAME) {
            byte[] bytes = f.write();
            DesktopFrame back = DesktopFrame.parse(bytes);
            assertEquals(f.getClass(), back.getClass(), f.toString());
            assertEquals(f.typeCode(), bytes[0] & 0xFF);
            assertArrayEquals(bytes, back.write(), f.toString());
            if (!(f instanceof ServerFrame.Tile) && !(f instanceof ServerFrame.PointerShape)) {
                assertEquals(f, back); // records without arrays compare by value
            }
        }
    }

    @Test
    void framesHaveTheDocumentedLayout() {
        assertEquals("0104000300", hex(new ServerFrame.Screen(1024, 768)));
        assertEquals("0200400080000200010109 08".replace(" ", ""), hex(new ServerFrame.Tile(64, 128, 2, 1,
                ServerFrame.ENCODING_PNG, new byte[] {9, 8})));
        assertEquals("0300050007", hex(new ServerFrame.PointerPosition(5, 7)));
        assertEquals("0400", hex(ServerFrame.PointerShape.hidden()));
        assertEquals("0401", hex(ServerFrame.PointerShape.arrow()));
        assertEquals("04020003000401", hex(ServerFrame.PointerShape.image(3, 4, new byte[] {1})));
        assertEquals("06" + HexFormat.of().formatHex("{\"code\":\"offline\",\"message\":\"m\"}".getBytes(
                StandardCharsets.UTF_8)), hex(new ServerFrame.Error("offline", "m")));
        assertEquals("11000a0014", hex(new InputFrame.MouseMove(10, 20)));
        assertEquals("12020100050006", hex(new InputFrame.MouseButton(2, true, 5, 6)));
        assertEquals("1301ff8800050006", hex(new InputFrame.Wheel(1, -120, 5, 6)));
        assertEquals("1401e048", hex(new InputFrame.Key(true, 0xE048)));
        assertEquals("15000041", hex(new InputFrame.Unicode(false, 'A')));
        assertEquals("1607800438", hex(new InputFrame.Resize(1920, 1080)));
        assertEquals("1761", hex(new InputFrame.Clipboard("a")));
        assertEquals("20" + HexFormat.of().formatHex("{\"desktop\":\"w\",\"login\":\"d\",\"width\":1,\"height\":2}"
                .getBytes(StandardCharsets.UTF_8)), hex(new Open("w", "d", 1, 2)));
    }

    @Test
    void aFrameTooShortForItsTypeIsMalformedAndNamesTheType() {
        for (DesktopFrame f : EVERY_FRAME) {
            byte[] bytes = f.write();
            int fixed = switch (f) {
                case ServerFrame.Screen s -> 5;
                case ServerFrame.Tile t -> 10;
                case ServerFrame.PointerPosition p -> 5;
                case ServerFrame.PointerShape p -> p.kind() == ServerFrame.PointerShape.IMAGE ? 6 : 2;
                case InputFrame.MouseMove m -> 5;
                case InputFrame.MouseButton m -> 7;
                case InputFrame.Wheel w -> 8;
                case InputFrame.Key k -> 4;
                case InputFrame.Unicode u -> 4;
                case InputFrame.Resize r -> 5;
                default -> 1;
            };
            for (int cut = 1; cut < fixed; cut++) {
                byte[] shorter = java.util.Arrays.copyOf(bytes, cut);
                MalformedFrame e = assertThrows(MalformedFrame.class, () -> DesktopFrame.parse(shorter), f + " cut at "
                        + cut);
                assertTrue(e.getMessage().contains(String.format("0x%x", bytes[0])), e.getMessage());
            }
        }
        assertThrows(MalformedFrame.class, () -> DesktopFrame.parse(new byte[0]));
    }

    @Test
    void anUnknownTypeIsKeptToBeIgnoredNotRefused() throws Exception {
        DesktopFrame f = DesktopFrame.parse(new byte[] {0x7E, 1, 2});
        DesktopFrame.Unknown u = assertInstanceOf(DesktopFrame.Unknown.class, f);
        assertEquals(0x7E, u.typeCode());
        assertArrayEquals(new byte[] {0x7E, 1, 2}, u.write());
    }

    @Test
    void anUnknownPointerKindIsTheArrow() throws Exception {
        assertEquals(ServerFrame.PointerShape.ARROW, ((ServerFrame.PointerShape) DesktopFrame.parse(new byte[] {4, 9}))
                .kind());
    }

    @Test
    void aBrokenJsonBodyOfAServerFrameKeepsTheFrameWithoutDetailsButABrokenOpenIsMalformed() throws Exception {
        assertEquals(new ServerFrame.Error("", ""), DesktopFrame.parse(new byte[] {6, '{'}));
        assertEquals(new ServerFrame.Closed(""), DesktopFrame.parse(new byte[] {7, '[', ']'}));
        for (String body : List.of("", "null", "[1]", "\"x\"", "7", "{")) {
            byte[] open = ("\u0020" + body).getBytes(StandardCharsets.UTF_8);
            assertThrows(MalformedFrame.class, () -> Open.parse(open), body);
        }
        assertThrows(MalformedFrame.class, () -> Open.parse(new InputFrame.MouseMove(1, 2).write()),
                "the first frame must be OPEN");
    }

    @Test
    void onlyThe0x20FamilyIsKeptFromTheBrowser() {
        for (DesktopFrame f : EVERY_FRAME) {
            boolean proxys = f instanceof Open;
            assertEquals(!proxys, FrameType.mayComeFromBrowser(f.typeCode()), f.toString());
        }
        assertTrue(!FrameType.mayComeFromBrowser(0x2F) && FrameType.mayComeFromBrowser(0x30));
    }

    static String hex(DesktopFrame f) {
        return HexFormat.of().formatHex(f.write());
    }
}
