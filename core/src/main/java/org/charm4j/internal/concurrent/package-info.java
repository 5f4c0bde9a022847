/**
 * Concurrency building blocks of a PE: its many-producer, one-consumer message queue and the idle strategies that
 * decide how a PE waits for work.
 *
 * <p>Accessor names carry their memory ordering, after JCTools' convention: {@code lv} load volatile (or acquire),
 * {@code lp} load plain, {@code so} store ordered (release), {@code sp} store plain, {@code xchg} atomic exchange.
 */
package org.charm4j.internal.concurrent;
