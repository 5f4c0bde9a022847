/**
 * The transport between charm4j processes: framed TCP over Netty (native epoll where it loads, NIO otherwise),
 * with a challenge-response handshake on a per-job secret, messages made of a small header plus off-heap
 * attachments that are written from and read into their own memory, heartbeats, a rendezvous, and launcher support.
 *
 * <p>Entry points: {@link org.charm4j.internal.net.Transport}, {@link org.charm4j.internal.net.TransportConfig},
 * {@link org.charm4j.internal.net.InboundHandler}, {@link org.charm4j.internal.net.ProcessEnv},
 * {@link org.charm4j.internal.net.LocalSpawner}. The frame layout is in {@code docs/wire-format.md} and
 * {@link org.charm4j.internal.net.FrameHeader}.
 */
package org.charm4j.internal.net;
