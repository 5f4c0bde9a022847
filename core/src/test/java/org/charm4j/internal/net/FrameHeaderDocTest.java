package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/wire-format.md and {@link FrameHeader} say the same thing. */
@Timeout(10)
class FrameHeaderDocTest {
    static {
        NetTests.init();
    }

    private static List<String[]> table(final String heading) throws Exception {
        Path doc = Path.of("docs/wire-format.md");
        if (!Files.exists(doc)) {
            doc = Path.of("../docs/wire-format.md");
        }
        final List<String> lines = Files.readAllLines(doc);
        final List<String[]> rows = new ArrayList<>();
        boolean in = false;
        for (final String l : lines) {
            if (l.startsWith("## ")) {
                in = l.equals("## " + heading);
                continue;
            }
            if (in && l.startsWith("|") && !l.startsWith("| ---")) {
                final String[] cells = l.substring(1, l.length() - 1).split("\\|");
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].strip();
                }
                rows.add(cells);
            }
        }
        assertTrue(rows.size() > 1, "table under '## " + heading + "' found");
        return rows.subList(1, rows.size());
    }

    @Test
    void headerTableMatchesTheOffsetsAndAccessors() throws Exception {
        final List<String[]> rows = table("Frame header");
        int end = 0;
        for (final String[] r : rows) {
            final int offset = Integer.parseInt(r[0]);
            final int size = Integer.parseInt(r[1]);
            final String field = r[3];
            final int constant = FrameHeader.class.getField(field + "_OFFSET").getInt(null);
            assertEquals(offset, constant, field + "_OFFSET");
            assertEquals(end, offset, "fields are contiguous at " + field);
            assertEquals(size, switch (r[2]) {
                case "u8" -> 1;
                case "u16" -> 2;
                case "u32", "i32" -> 4;
                default -> throw new AssertionError("type " + r[2]);
            }, "size of " + field);
            end = offset + size;
        }
        assertEquals(FrameHeader.HEADER_LENGTH, end);
        assertEquals("VERSION", rows.get(0)[3], "the version comes first");

        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, FrameHeader.TYPE_DATA, 0x01020304, -7, 0x7fff0000);
        assertEquals(FrameHeader.HEADER_LENGTH, b.writerIndex());
        assertEquals(FrameHeader.CURRENT_VERSION, b.getByte(0));
        assertEquals(0x04, b.getByte(FrameHeader.LENGTH_OFFSET), "little-endian");
        assertEquals(0x01020304, FrameHeader.length(b, 0));
        assertEquals(-7, FrameHeader.arg0(b, 0));
        assertEquals(0x7fff0000, FrameHeader.arg1(b, 0));
        assertEquals(FrameHeader.TYPE_DATA, FrameHeader.type(b, 0));
        assertEquals(0, FrameHeader.flags(b, 0));
    }

    @Test
    void typeTableMatchesTheTypeCodes() throws Exception {
        final List<String[]> rows = table("Frame types");
        for (final String[] r : rows) {
            final int code = Integer.parseInt(r[0]);
            assertEquals(code, FrameHeader.class.getField("TYPE_" + r[1]).getInt(null), r[1]);
            assertEquals(r[1], FrameHeader.typeName(code));
        }
        assertEquals(FrameHeader.TYPE_TABLE, rows.size(), "every type documented");
        assertTrue(rows.get(4)[3].contains("header length"));
        assertTrue(rows.get(0)[4].contains(Integer.toString(FrameHeader.NONCE_LENGTH)));
        assertTrue(rows.get(4)[2].contains(Integer.toString(FrameHeader.MAX_ATTACHMENTS)));
        assertTrue(rows.get(7)[5].contains(Integer.toString(FrameHeader.MAX_GOODBYE_LENGTH)));
    }
}
