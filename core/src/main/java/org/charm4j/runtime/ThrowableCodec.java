package org.charm4j.runtime;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import org.charm4j.StandInException;

/**
 * Exceptions between processes, so that a failure reaching a future in another process keeps its type: the
 * exception travels by Java serialization (every {@link Throwable} is {@link java.io.Serializable}, with its message,
 * cause chain, suppressed exceptions and stack trace), and beside it a description (class names, messages, stack
 * traces) from which the receiver builds a {@link StandInException} where the original cannot be rebuilt: it holds
 * something not serializable, or its class is missing here.
 *
 * The runtime's own {@link org.charm4j.CharmException} (which names the PE, chare and entry method that failed)
 * travels as its message and stack trace with its cause encoded on its own, so that the user's exception inside
 * keeps its type whatever the wrapper's fate.
 *
 * <p>Layout: {@code [byte kind]} then, for kind 1 (the runtime's wrapper), {@code [string message][frames]
 * [boolean has cause][cause]}; for kind 2 (serialized), {@code [varint n][n bytes of Java serialization]
 * [description]}; for kind 3 (stand-in), {@code [string why][description]}. A description is {@code [string class]
 * [string message][frames][boolean has cause][cause's description]}, frames are {@code [varint n]{[string class]
 * [string method][string file][int line]}}; at most {@value #MAX_DEPTH} causes deep.
 *
 * <p>Threading: stateless; any thread.
 */
final class ThrowableCodec {
    private static final byte WRAPPER = 1;
    private static final byte SERIALIZED = 2;
    private static final byte STAND_IN = 3;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_FRAMES = 1024;
    private static final ObjectInputFilter LIMITS =
        ObjectInputFilter.Config.createFilter("maxdepth=64;maxrefs=100000;maxbytes=67108864;maxarray=1000000");

    private ThrowableCodec() {
    }

    static void write(final Output out, final Throwable t) {
        write(out, t, 0);
    }

    private static void write(final Output out, final Throwable t, final int depth) {
        if (t.getClass() == org.charm4j.CharmException.class && depth < MAX_DEPTH) {
            // the runtime's own wrapper (where it failed, and the user's exception): its cause travels on its own,
            // so that a cause that can travel keeps its type even when the wrapper's message could not
            out.writeByte(WRAPPER);
            out.writeString(t.getMessage());
            writeFrames(out, t.getStackTrace());
            final Throwable cause = t.getCause();
            out.writeBoolean(cause != null && cause != t);
            if (cause != null && cause != t) {
                write(out, cause, depth + 1);
            }
            return;
        }
        byte[] serialized = null;
        String why = null;
        try {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
                o.writeObject(t);
            }
            serialized = bytes.toByteArray();
        } catch (final IOException | RuntimeException e) {
            why = "it is not serializable: " + e;
        }
        if (serialized == null) {
            out.writeByte(STAND_IN);
            out.writeString(why);
        } else {
            out.writeByte(SERIALIZED);
            out.writeVarInt(serialized.length, true);
            out.writeBytes(serialized);
        }
        describe(out, t, depth);
    }

    private static void writeFrames(final Output out, final StackTraceElement[] frames) {
        final int n = Math.min(frames.length, MAX_FRAMES);
        out.writeVarInt(n, true);
        for (int i = 0; i < n; i++) {
            out.writeString(frames[i].getClassName());
            out.writeString(frames[i].getMethodName());
            out.writeString(frames[i].getFileName());
            out.writeInt(frames[i].getLineNumber());
        }
    }

    private static StackTraceElement[] readFrames(final Input in) {
        final StackTraceElement[] frames = new StackTraceElement[in.readVarInt(true)];
        for (int i = 0; i < frames.length; i++) {
            final String cls = in.readString();
            final String method = in.readString();
            final String file = in.readString();
            frames[i] = new StackTraceElement(cls, method, file, in.readInt());
        }
        return frames;
    }

    private static void describe(final Output out, final Throwable t, final int depth) {
        out.writeString(t instanceof StandInException s ? s.originalType() : t.getClass().getName());
        out.writeString(t instanceof StandInException s ? s.originalMessage() : t.getMessage());
        writeFrames(out, t.getStackTrace());
        final Throwable cause = t.getCause();
        final boolean more = cause != null && cause != t && depth + 1 < MAX_DEPTH;
        out.writeBoolean(more);
        if (more) {
            describe(out, cause, depth + 1);
        }
    }

    static Throwable read(final Input in, final ClassLoader loader) {
        final byte kind = in.readByte();
        switch (kind) {
            case WRAPPER -> {
                final String message = in.readString();
                final StackTraceElement[] frames = readFrames(in);
                final Throwable cause = in.readBoolean() ? read(in, loader) : null;
                final org.charm4j.CharmException e = new org.charm4j.CharmException(message, cause);
                e.setStackTrace(frames);
                return e;
            }
            case SERIALIZED -> {
                final byte[] serialized = in.readBytes(in.readVarInt(true));
                Throwable original = null;
                String why = null;
                try (ObjectInputStream o = new LoaderObjectInputStream(new ByteArrayInputStream(serialized), loader)) {
                    o.setObjectInputFilter(LIMITS);
                    original = (Throwable) o.readObject();
                } catch (final IOException | ClassNotFoundException | RuntimeException e) {
                    why = "it could not be rebuilt here: " + e;
                }
                final Throwable standIn = readDescription(in, why);
                return original != null ? original : standIn;
            }
            case STAND_IN -> {
                final String why = in.readString();
                return readDescription(in, why);
            }
            default -> throw new IllegalArgumentException("unknown exception encoding " + kind);
        }
    }

    /** @return the stand-in described, or null (after reading it) when {@code why} is null. */
    private static Throwable readDescription(final Input in, final String why) {
        final String type = in.readString();
        final String message = in.readString();
        final StackTraceElement[] frames = readFrames(in);
        final Throwable cause = in.readBoolean() ? readDescription(in, why) : null;
        if (why == null) {
            return null;
        }
        final StandInException s = new StandInException(type, message, why, cause);
        s.setStackTrace(frames);
        return s;
    }

    /** Resolves classes with the job's class loader (the program's classes), not the caller's. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(final InputStream in, final ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(final ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (final ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
