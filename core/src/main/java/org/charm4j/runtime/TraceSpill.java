package org.charm4j.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The trace events PEs sent to PE 0 as their rings filled ({@link RunReport.TraceChunk}), written out to a file beside
 * the trace as they come, so that no process holds more than its PEs' rings; the trace's writer reads them back at the
 * end, when the processes' clocks are aligned ({@link RunOutputs}), and the file is deleted after the exit.
 *
 * <p>Layout, per chunk: {@code [int pe][int node][int names]{[UTF name]}[int n]} then {@code n} times
 * {@code [long start][long length][long flow in][int name][byte kind][boolean has detail][UTF detail]}.
 *
 * <p>Threading: PE 0 only.
 */
final class TraceSpill {
    private final Path file;
    private final DataOutputStream out;
    private long events;
    private int chunks;

    TraceSpill(final Path file) throws IOException {
        this.file = file;
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** Writes one chunk out. */
    void append(final PeReport c) throws IOException {
        out.writeInt(c.pe);
        out.writeInt(c.node);
        out.writeInt(c.names.length);
        for (final String n : c.names) {
            out.writeUTF(fit(n));
        }
        final int n = c.evStart.length;
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(c.evStart[i]);
            out.writeLong(c.evLength[i]);
            out.writeLong(c.evFlowIn[i]);
            out.writeInt(c.evName[i]);
            out.writeByte(c.evKind[i]);
            out.writeBoolean(c.evDetail[i] != null);
            if (c.evDetail[i] != null) {
                out.writeUTF(fit(c.evDetail[i]));
            }
        }
        events += n;
        chunks++;
    }

    /** writeUTF takes at most 65 535 bytes: longer texts (a balancing step's list of moves) are cut. */
    private static String fit(final String s) {
        return s.length() <= 16_000 ? s : s.substring(0, 16_000) + " ...";
    }

    /** @return the events written out so far. */
    long events() {
        return events;
    }

    /** @return the chunks written out so far. */
    int chunks() {
        return chunks;
    }

    /** Reads every chunk written so far back, in the order they came, one at a time. */
    void forEach(final Consumer<PeReport> each) throws IOException {
        out.flush();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (int k = 0; k < chunks; k++) {
                final PeReport c = new PeReport();
                c.pe = in.readInt();
                c.node = in.readInt();
                c.names = new String[in.readInt()];
                for (int i = 0; i < c.names.length; i++) {
                    c.names[i] = in.readUTF();
                }
                final int n = in.readInt();
                c.evStart = new long[n];
                c.evLength = new long[n];
                c.evFlowIn = new long[n];
                c.evName = new int[n];
                c.evKind = new byte[n];
                c.evDetail = new String[n];
                for (int i = 0; i < n; i++) {
                    c.evStart[i] = in.readLong();
                    c.evLength[i] = in.readLong();
                    c.evFlowIn[i] = in.readLong();
                    c.evName[i] = in.readInt();
                    c.evKind[i] = in.readByte();
                    c.evDetail[i] = in.readBoolean() ? in.readUTF() : null;
                }
                each.accept(c);
            }
        } catch (final EOFException e) {
            throw new IOException(file + " ends early: the trace's chunks are incomplete", e);
        }
    }

    /** Closes and deletes the file (after the exit's trace is written). */
    void delete() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
