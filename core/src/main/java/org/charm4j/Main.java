package org.charm4j;

/**
 * The program's main: runs on PE 0 as a {@link Threaded} entry method, so it may wait on futures.
 */
@FunctionalInterface
public interface Main {
    /**
     * @param args the program's arguments, without the runtime's options.
     * @throws Exception anything: it aborts the job, with its stack trace.
     */
    void main(String[] args) throws Exception;
}
