package org.charm4j.internal.net;

/**
 * A frame broke the wire format (unknown version or type, a length over its limit, a frame out of order): the
 * connection it came on is closed with this message, and nothing else is affected.
 *
 * <p>Threading: immutable.
 */
final class FrameException extends Exception {
    FrameException(final String message) {
        super(message, null, false, false);
    }
}
