package io.gatehouse.shared.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The protocol document is the source: this enum (and the page's protocol.ts) list what its tables list. */
class FrameTypeTest {
    /** A table row of docs/desktop-protocol.md: | `0x01` | `SCREEN` | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `0x([0-9A-Fa-f]{2})` \\| `([A-Z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void theEnumListsExactlyTheDocumentedFrameTypes() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "desktop-protocol.md"));
        Map<Integer, String> documented = new TreeMap<>();
        for (Matcher m = ROW.matcher(doc); m.find();) {
            documented.put(Integer.parseInt(m.group(1), 16), m.group(2));
        }
        Map<Integer, String> here = new TreeMap<>();
        for (FrameType t : FrameType.values()) {
            here.put(t.code(), t.documentedName());
        }
        assertEquals(documented, here);
    }
}
