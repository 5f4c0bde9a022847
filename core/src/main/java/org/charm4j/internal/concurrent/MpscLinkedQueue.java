package org.charm4j.internal.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before the producer field, so that it shares no cache line with what precedes it. */
abstract class MpscLinkedQueuePad1 {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

/** The producers' end: the last node, swapped atomically by every offer. */
abstract class MpscLinkedQueueProducer<E extends MpscLinkedQueue.Node> extends MpscLinkedQueuePad1 {
    volatile E tail;
}

/** Padding between the producers' and the consumer's fields. */
abstract class MpscLinkedQueuePad2<E extends MpscLinkedQueue.Node> extends MpscLinkedQueueProducer<E> {
    byte p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111, p112, p113, p114, p115;
    byte p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127, p128, p129, p130, p131;
    byte p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147;
    byte p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
}

/** The consumer's end: the stub node whose successor is the next element; plain, read by one thread. */
abstract class MpscLinkedQueueConsumer<E extends MpscLinkedQueue.Node> extends MpscLinkedQueuePad2<E> {
    E head;
}

/** Padding after the consumer field. */
abstract class MpscLinkedQueuePad3<E extends MpscLinkedQueue.Node> extends MpscLinkedQueueConsumer<E> {
    byte p200, p201, p202, p203, p204, p205, p206, p207, p208, p209, p210, p211, p212, p213, p214, p215;
    byte p216, p217, p218, p219, p220, p221, p222, p223, p224, p225, p226, p227, p228, p229, p230, p231;
    byte p232, p233, p234, p235, p236, p237, p238, p239, p240, p241, p242, p243, p244, p245, p246, p247;
    byte p248, p249, p250, p251, p252, p253, p254, p255, p256, p257, p258, p259, p260, p261, p262, p263;
}

/**
 * An unbounded, intrusive many-producer one-consumer queue (Dmitry Vyukov's node-based MPSC design): the elements
 * are themselves the nodes, so an offer allocates nothing, and one atomic exchange is all a producer pays.
 *
 * <p>Why unbounded and intrusive: a PE's queue receives messages from every other PE. With bounded queues two PEs
 * that fill each other's queue while each waits to offer would deadlock; Charm++ queues are unbounded for the same
 * reason. Making the message the node keeps the "no allocation per message beyond the message" rule.
 *
 * <p>Ordering: FIFO for the offers of one producer; offers of different producers are ordered by their exchange on
 * {@code tail}.
 *
 * <p>Relaxed poll: between a producer's exchange of {@code tail} and its release store of the link, the element is
 * in the queue but not reachable. {@link #poll()} then returns {@code null} instead of spinning for the producer,
 * which may have been preempted (common with more PEs than cores, as agrona's queues explain). A consumer that needs
 * to know whether an offer is in progress asks {@link #isEmpty()}, not whether {@code poll()} returned null.
 *
 * <p>A node may be in at most one queue at a time, once; the consumer clears its link when it polls it.
 *
 * <p>Threading: {@link #offer} any thread; {@link #poll}, {@link #peek}, {@link #drain} owning consumer thread only;
 * {@link #isEmpty} owning consumer thread only.
 *
 * @param <E> the node type.
 */
public final class MpscLinkedQueue<E extends MpscLinkedQueue.Node> extends MpscLinkedQueuePad3<E> {
    /** An element of the queue: subclasses carry the payload. */
    public abstract static class Node {
        volatile Node next;
    }

    /** The stub node: a queue always holds one node, which the consumer never hands out. */
    private static final class Stub extends Node {
    }

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(MpscLinkedQueueProducer.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Node stub = new Stub();

    /** Creates an empty queue. */
    @SuppressWarnings("unchecked")
    public MpscLinkedQueue() {
        head = (E) stub;
        tail = (E) stub;
    }

    /**
     * Appends a node. Never fails: the queue is unbounded.
     *
     * @param node a node that is in no queue.
     */
    @SuppressWarnings("unchecked")
    public void offer(final E node) {
        NEXT.set(node, (Node) null);
        final Node prev = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(prev, node);
    }

    /**
     * Takes the oldest node whose offer is complete.
     *
     * @return the node, or {@code null} if there is none, or the next one is still being linked (see class doc).
     */
    @SuppressWarnings("unchecked")
    public E poll() {
        Node h = head;
        Node next = (Node) NEXT.getAcquire(h);
        if (h == stub) {
            if (next == null) {
                return null;
            }
            head = (E) next;
            h = next;
            next = (Node) NEXT.getAcquire(h);
        }
        if (next != null) {
            head = (E) next;
            NEXT.set(h, (Node) null);
            return (E) h;
        }
        if (h != TAIL.getAcquire(this)) {
            return null; // a producer has swapped tail but not yet linked its node behind h
        }
        // h is the last node: put the stub behind it so that h can be handed out.
        offer((E) stub);
        next = (Node) NEXT.getAcquire(h);
        if (next != null) {
            head = (E) next;
            NEXT.set(h, (Node) null);
            return (E) h;
        }
        return null;
    }

    /**
     * The node {@link #poll()} would hand out next, left in the queue. A poll right after returns this node or, while
     * the producer behind it is still linking its own, {@code null}; never another node.
     *
     * @return the oldest node, or {@code null} if there is none.
     */
    @SuppressWarnings("unchecked")
    public E peek() {
        final Node h = head;
        if (h != stub) {
            return (E) h;
        }
        return (E) NEXT.getAcquire(h);
    }

    /**
     * Hands at most {@code limit} nodes to {@code consumer}, oldest first.
     *
     * @param consumer receives each node.
     * @param limit    the most nodes to take.
     * @return how many were taken.
     */
    public int drain(final java.util.function.Consumer<? super E> consumer, final int limit) {
        int n = 0;
        E e;
        while (n < limit && (e = poll()) != null) {
            consumer.accept(e);
            n++;
        }
        return n;
    }

    /**
     * Consumer thread only.
     *
     * @return whether no node is in the queue or being offered.
     */
    public boolean isEmpty() {
        return head == stub && tail == stub; // volatile read of tail: pairs with a waker's volatile flag
    }
}
