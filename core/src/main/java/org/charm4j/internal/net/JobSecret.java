package org.charm4j.internal.net;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-job secret and the handshake proofs made from it (HMAC-SHA256, see {@code docs/wire-format.md}).
 *
 * <p>{@link #toString()} never shows the key. A job's launcher makes one with {@link #random()} and hands it to its
 * processes as hex in {@code CHARM4J_SECRET}.
 *
 * <p>Threading: immutable; any thread (each proof uses its own {@link Mac}).
 */
public final class JobSecret {
    /** Bytes in a secret made by {@link #random()}. */
    public static final int LENGTH = 32;
    private static final int MIN_LENGTH = 16;
    private static final byte[] CLIENT_TAG = "charm4j-client".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SERVER_TAG = "charm4j-server".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private JobSecret(final byte[] key) {
        if (key.length < MIN_LENGTH) {
            throw new IllegalArgumentException("a job secret needs at least " + MIN_LENGTH + " bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** @return a secret of the given bytes (copied). */
    public static JobSecret of(final byte[] key) {
        return new JobSecret(key);
    }

    /** @return a fresh random secret of {@link #LENGTH} bytes. */
    public static JobSecret random() {
        final byte[] k = new byte[LENGTH];
        RANDOM.nextBytes(k);
        return new JobSecret(k);
    }

    /**
     * @param hex the secret as hexadecimal digits (as in {@code CHARM4J_SECRET}).
     * @return the secret.
     * @throws IllegalArgumentException naming the problem (but not the value) if {@code hex} is not valid.
     */
    public static JobSecret fromHex(final String hex) {
        final byte[] k;
        try {
            k = HexFormat.of().parseHex(hex.strip());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("the job secret must be hexadecimal digits (" + hex.length()
                + " characters given): " + e.getMessage(), e);
        }
        return new JobSecret(k);
    }

    /** @return the secret as hexadecimal digits, for the environment of a child process. */
    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    /** @return 32 fresh random bytes for a handshake. */
    static byte[] newNonce() {
        final byte[] n = new byte[FrameHeader.NONCE_LENGTH];
        RANDOM.nextBytes(n);
        return n;
    }

    /** @return the proof the connecting side sends in RESPONSE. */
    byte[] clientProof(final byte[] clientNonce, final byte[] serverNonce, final int clientId, final int serverId) {
        return mac(CLIENT_TAG, serverNonce, clientNonce, clientId, serverId);
    }

    /** @return the proof the accepting side sends in ACCEPT. */
    byte[] serverProof(final byte[] clientNonce, final byte[] serverNonce, final int clientId, final int serverId) {
        return mac(SERVER_TAG, clientNonce, serverNonce, clientId, serverId);
    }

    /** @return true if the two proofs are equal, compared in constant time. */
    static boolean same(final byte[] expected, final byte[] got) {
        return MessageDigest.isEqual(expected, got);
    }

    private byte[] mac(final byte[] tag, final byte[] first, final byte[] second, final int clientId,
                       final int serverId) {
        try {
            final Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update(tag);
            m.update(first);
            m.update(second);
            m.update(le(clientId));
            m.update(le(serverId));
            return m.doFinal();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static byte[] le(final int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    @Override
    public String toString() {
        return "JobSecret[" + key.length + " bytes]";
    }
}
