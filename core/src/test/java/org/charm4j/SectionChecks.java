package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.util.ArrayList;
import java.util.List;

/**
 * Sections and allreduce end to end, as a program: each check prints {@code ok <what>} or {@code FAILED <what>}; the
 * job exits 0 only if all passed. {@link SectionTest} runs it in one process and over in-JVM nodes,
 * {@link MultiProcessJobTest} as real processes.
 */
public final class SectionChecks {
    private SectionChecks() {
    }

    /** A list reducer whose result does not depend on how the tree groups values: the sorted numbers, joined. */
    static final Reducer SORTED = Reducer.customList("sectionChecks.sorted", (List<String> parts) -> {
        final List<Integer> all = new ArrayList<>();
        for (final String p : parts) {
            for (final String t : p.split(",")) {
                all.add(Integer.parseInt(t));
            }
        }
        java.util.Collections.sort(all);
        final StringBuilder b = new StringBuilder();
        for (final int v : all) {
            b.append(b.isEmpty() ? "" : ",").append(v);
        }
        return b.toString();
    });

    /** What {@link Member#receive} got in this JVM, by tag and index: the two arrays and the process (in-JVM nodes). */
    static final java.util.Map<Long, Object[]> RECEIVED = new java.util.concurrent.ConcurrentHashMap<>();
    /** The arrays main sent (in main's process). */
    static final int[][] SENT = new int[2][];

    /** An array element (or group member) that sections call and that reduces over sections. */
    public static class Member extends Chare {
        static final Reducer SORTED_HERE = SORTED;
        final int tag;
        int marks;
        int lastSum = -1;
        int sums;

        public Member(final int tag) {
            this.tag = tag;
        }

        @Entry
        public int value() {
            return tag * 1000 + thisIndex().x();
        }

        @Entry
        public int pe() {
            return Charm.myPe();
        }

        /** Keeps what it got, by element, for {@link #readOnlyArgumentsAreSharedWithinAProcess}. */
        @Entry
        public void receive(@ReadOnly final int[] shared, final int[] own) {
            RECEIVED.put(key(), new Object[] {shared, own, Charm.myNode()});
        }

        /** Forgets what {@link #receive} kept. */
        @Entry
        public void forget() {
            RECEIVED.remove(key());
        }

        /**
         * @return null if this element's {@code @ReadOnly} argument is the one every member of its process got,
         *     not the sender's, and its plain argument its own; else what is wrong.
         */
        @Entry
        public String receivedWrong() {
            final Object[] mine = RECEIVED.get(key());
            if (mine == null) {
                return thisIndex() + " got nothing";
            }
            final int[] shared = (int[]) mine[0];
            final int[] own = (int[]) mine[1];
            if (shared == SENT[0] || own == SENT[1]) {
                return thisIndex() + " got the sender's array";
            }
            if (!java.util.Arrays.equals(shared, new int[] {1, 2, 3})
                || !java.util.Arrays.equals(own, new int[] {4, 5})) {
                return thisIndex() + " got other values";
            }
            for (final java.util.Map.Entry<Long, Object[]> other : RECEIVED.entrySet()) {
                final Object[] o = other.getValue();
                if (other.getKey() != key() && o[2].equals(mine[2]) && (o[0] != shared || o[1] == own)) {
                    return thisIndex() + " on PE " + Charm.myPe() + (o[0] != shared ? " got another @ReadOnly copy"
                        : " shares its plain argument") + " than element " + (other.getKey() % 100_000)
                        + " of its process";
                }
            }
            return null;
        }

        private long key() {
            return tag * 100_000L + thisIndex().x();
        }

        @Entry
        public void mark(final int by) {
            marks += by;
        }

        @Entry
        public int marks() {
            return marks;
        }

        @Entry
        public int lastSum() {
            return lastSum;
        }

        @Entry
        public int sums() {
            return sums;
        }

        /** Contributes its index to a sum over {@code sec}, whose result goes to {@code f}. */
        @Entry
        public void sumInto(final SectionChecks_MemberProxy sec, final Future<Integer> f) {
            contribute((Object) thisIndex().x(), Reducer.SUM, f, sec);
        }

        /** Contributes its index to a sum over {@code sec} whose target is a broadcast to {@code sec}. */
        @Entry
        public void sumToSection(final SectionChecks_MemberProxy sec) {
            contribute(thisIndex().x(), Reducer.SUM, sec::gotSum, sec);
        }

        /** Contributes its index to a sum over its collection whose target is a broadcast to the collection. */
        @Entry
        public void sumToAll() {
            final SectionChecks_MemberProxy all = thisProxy();
            contribute(thisIndex().x(), Reducer.SUM, all::gotSum);
        }

        @Entry
        public void gotSum(final int sum) {
            lastSum = sum;
            sums++;
        }

        /** Reduces in two overlapping sections at once, in an order that depends on the element. */
        @Entry
        public void overlap(final SectionChecks_MemberProxy a, final SectionChecks_MemberProxy b, final int round,
                            final Future<Integer> fa, final Future<Integer> fb) {
            final int x = thisIndex().x();
            final boolean inA = x % 2 == 0;
            final boolean inB = x % 3 == 0;
            if (x % 4 == 1) {
                if (inB) {
                    contribute((Object) (x * round), Reducer.SUM, fb, b);
                }
                if (inA) {
                    contribute((Object) (x * round), Reducer.SUM, fa, a);
                }
            } else {
                if (inA) {
                    contribute((Object) (x * round), Reducer.SUM, fa, a);
                }
                if (inB) {
                    contribute((Object) (x * round), Reducer.SUM, fb, b);
                }
            }
        }

        /** The same reductions over the whole collection and over a section of all its members. */
        @Entry
        public void compare(final SectionChecks_MemberProxy whole, final Future<Integer> sumAll,
                            final Future<Integer> sumSec, final Future<Double> maxAll, final Future<Double> maxSec,
                            final Future<List<Integer>> gatherAll, final Future<List<Integer>> gatherSec,
                            final Future<String> customAll, final Future<String> customSec,
                            final Future<Double> halvesAll, final Future<Double> halvesSec) {
            final int x = thisIndex().x();
            contribute((Object) (x * x), Reducer.SUM, sumAll);
            contribute((Object) (x * x), Reducer.SUM, sumSec, whole);
            contribute((Object) Math.sin(x), Reducer.MAX, maxAll);
            contribute((Object) Math.sin(x), Reducer.MAX, maxSec, whole);
            contribute((Object) (x * 7 % 5), Reducer.GATHER, gatherAll);
            contribute((Object) (x * 7 % 5), Reducer.GATHER, gatherSec, whole);
            contribute((Object) String.valueOf(x * 3), SORTED_HERE, customAll);
            contribute((Object) String.valueOf(x * 3), SORTED_HERE, customSec, whole);
            contribute((Object) (x * 0.5), Reducer.SUM, halvesAll);
            contribute((Object) (x * 0.5), Reducer.SUM, halvesSec, whole);
        }

        /** Contributes to {@code sec}, then moves to the next PE (its next contributions come from there). */
        @Entry
        public void contributeThenJump(final SectionChecks_MemberProxy sec, final int round,
                                       final Future<Integer> f) {
            contribute((Object) (thisIndex().x() + round), Reducer.SUM, f, sec);
            migrateMe((Charm.myPe() + 1 + thisIndex().x() % 2) % Charm.numPes());
        }

        /** Moves to another PE. */
        @Entry
        public void jump(final int by) {
            migrateMe((Charm.myPe() + by) % Charm.numPes());
        }

        /** Tries to contribute to a section it is not a member of: the error's text. */
        @Entry
        public String badContribute(final SectionChecks_MemberProxy sec) {
            try {
                contribute(1, Reducer.SUM, sec::gotSum, sec);
                return "no error";
            } catch (final IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        /** @return the section it was given (a proxy as a value, back to the caller). */
        @Entry
        public SectionChecks_MemberProxy echo(final SectionChecks_MemberProxy sec) {
            return sec;
        }

        /**
         * {@code rounds} back-to-back allreduces over its collection of {@code n} elements (each contributes
         * {@code x + i} in round i), checking every result.
         *
         * @return the rounds whose result was wrong.
         */
        @Threaded
        @Entry
        public int allreduceLoop(final int rounds, final int n) {
            int wrong = 0;
            final long base = (long) n * (n - 1) / 2;
            for (int i = 0; i < rounds; i++) {
                final int got = allreduce(thisIndex().x() + i, Reducer.SUM).get();
                if (got != base + (long) n * i) {
                    wrong++;
                }
            }
            return wrong;
        }

        /**
         * {@code rounds} back-to-back allreduces over a section whose members' indices sum to {@code base} and
         * number {@code count}, as doubles, then a barrier and a gather allreduce.
         *
         * @return the rounds whose result was wrong.
         */
        @Threaded
        @Entry
        public int sectionAllreduceLoop(final SectionChecks_MemberProxy sec, final int rounds, final int base,
                                        final int count) {
            int wrong = 0;
            for (int i = 0; i < rounds; i++) {
                final double got = allreduce((double) (thisIndex().x() + i), Reducer.SUM, sec).get();
                if (got != base + (double) count * i) {
                    wrong++;
                }
            }
            allreduce(Reducer.NOP, sec).get();
            final List<Integer> all = this.<List<Integer>>allreduce((Object) thisIndex().x(), Reducer.GATHER, sec)
                .get();
            if (!all.equals(sec.sectionMembers().stream().map(Index::x).toList())) {
                wrong++;
            }
            return wrong;
        }
    }

    private static List<Integer> range(final int from, final int to, final int step) {
        final List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i += step) {
            r.add(i);
        }
        return r;
    }

    private static int sum(final List<Integer> l) {
        int s = 0;
        for (final int v : l) {
            s += v;
        }
        return s;
    }

    private static String error(final Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (final RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * A {@code @ReadOnly} argument of a multicast or broadcast: the members in one process share one copy, which is
     * never the sender's array; a plain argument is one copy per member. Each member compares what it got with what
     * the other members of its process got ({@link Member#receivedWrong}).
     */
    private static void readOnlyArgumentsAreSharedWithinAProcess(final SectionChecks_MemberProxy arr, final int n) {
        final int[] shared = {1, 2, 3};
        final int[] own = {4, 5};
        SENT[0] = shared;
        SENT[1] = own;
        for (final SectionChecks_MemberProxy target : List.of(arr.section(Range.of(0, n, 2)), arr)) {
            get(arr.whenDone().forget());
            get(target.whenDone().receive(shared, own));
            final List<String> wrong = get(target.gather().receivedWrong()).stream()
                .filter(java.util.Objects::nonNull).toList();
            check(wrong.isEmpty(), "a @ReadOnly argument of a " + (target == arr ? "broadcast" : "section multicast")
                + " is one copy per process, shared by its members there; a plain one is a copy per member", wrong);
        }
    }

    /** Runs the checks, from main (a threaded context). */
    static void all() {
        final int pes = Charm.numPes();
        final int n = 6 * pes + 3;
        final SectionChecks_MemberProxy arr = SectionChecks_MemberProxy.newArray(n, 1);
        get(arr.created());

        // ranges, index lists, gather in index order, whenDone
        final SectionChecks_MemberProxy evens = arr.section(Range.of(0, n, 2));
        final List<Integer> evenValues = get(evens.gather().value());
        check(evenValues.equals(range(1000, 1000 + n, 2)), "a range section's gather holds its members' results in"
            + " index order", evenValues);
        get(evens.whenDone().mark(1));
        final List<Integer> marks = get(arr.gather().marks());
        boolean marked = true;
        for (int i = 0; i < n; i++) {
            marked &= marks.get(i) == (i % 2 == 0 ? 1 : 0);
        }
        check(marked, "a call on a section reaches every member once and no one else (whenDone)", marks);
        final SectionChecks_MemberProxy listed = arr.section(List.of(Index.of(n - 1), Index.of(1), Index.of(5),
            Index.of(1)));
        final List<Integer> listedValues = get(listed.gather().value());
        check(listedValues.equals(List.of(1001, 1005, 1000 + n - 1)), "a section from a list of indices (any order,"
            + " duplicates once)", listedValues);
        final SectionChecks_MemberProxy sliced = arr.section(Index.of(1), Index.of(n), Index.of(3));
        check(get(sliced.gather().value()).equals(range(1001, 1000 + n, 3)), "section(lo, hi, step)",
            sliced.sectionMembers());

        readOnlyArgumentsAreSharedWithinAProcess(arr, n);

        // sections of sections, split
        final SectionChecks_MemberProxy fours = evens.section(Range.of(0, n, 4));
        final SectionChecks_MemberProxy fromList = evens.section(List.of(Index.of(2), Index.of(6)));
        check(get(fours.gather().value()).equals(range(1000, 1000 + n, 4))
                && get(fromList.gather().value()).equals(List.of(1002, 1006)),
            "a section of a section (ranges intersect it; listed indices must be members)", fours.sectionMembers());
        final List<SectionChecks_MemberProxy> thirds = arr.split(3, i -> i.x() % 3);
        boolean split = thirds.size() == 3;
        for (int k = 0; k < 3 && split; k++) {
            split = get(thirds.get(k).gather().value()).equals(range(1000 + k, 1000 + n, 3));
        }
        final List<SectionChecks_MemberProxy> evenThirds = evens.split(2, i -> i.x() % 4 == 0 ? 0 : 1);
        split &= get(evenThirds.get(0).gather().value()).equals(range(1000, 1000 + n, 4))
            && get(evenThirds.get(1).gather().value()).equals(range(1002, 1000 + n, 4));
        check(split, "split(n, f) makes n sections, of a collection or of a section", thirds);
        // typed as the proxy: calls straight on section(...) and split(...).get(k), no variable needed
        final List<Integer> inline = get(arr.section(Range.of(0, n, 2)).section(Range.of(0, n, 4)).gather().value());
        final List<Integer> inlineSplit = get(arr.split(3, i -> i.x() % 3).get(1).gather().value());
        check(inline.equals(range(1000, 1000 + n, 4)) && inlineSplit.equals(range(1001, 1000 + n, 3)),
            "section(...) and split(...).get(k) are typed as the proxy, so calls chain on them", inline);

        // several collections of one class in one section
        final SectionChecks_MemberProxy other = SectionChecks_MemberProxy.newArray(5, 2);
        get(other.created());
        final SectionChecks_MemberProxy both = SectionChecks_MemberProxy.combine(arr.section(Range.of(0, 3)),
            other.section(Range.of(2, 5)));
        final List<Integer> bothValues = get(both.gather().value());
        final Future<Integer> bothSum = new Future<>();
        both.sumInto(both, bothSum);
        check(bothValues.equals(List.of(1000, 1001, 1002, 2002, 2003, 2004)) && get(bothSum) == 0 + 1 + 2 + 2 + 3 + 4,
            "a section combining two collections: calls, gather (collection, then index order), reduction",
            bothValues);

        // a group's section
        final SectionChecks_MemberProxy group = SectionChecks_MemberProxy.newGroup(3);
        get(group.created());
        final SectionChecks_MemberProxy evenPes = group.section(Range.of(0, pes, 2));
        check(get(evenPes.gather().pe()).equals(range(0, pes, 2)), "a section of a group runs on its members' PEs",
            evenPes.sectionMembers());

        // section reductions: to a future, to the section (a broadcast), overlapping sections at once
        final Future<Integer> evenSum = new Future<>();
        evens.sumInto(evens, evenSum);
        check(get(evenSum) == sum(range(0, n, 2)), "a reduction over a section (contribute naming the section)",
            evenSum);
        final SectionChecks_MemberProxy odds = arr.section(Range.of(1, n, 2));
        odds.sumToSection(odds);
        arr.sumToAll();
        Charm.waitQuiescence();
        final List<Integer> lastSums = get(arr.gather().lastSum());
        final List<Integer> sumCounts = get(arr.gather().sums());
        boolean toSection = true;
        for (int i = 0; i < n; i++) {
            // every element got the whole array's sum; odd ones also the odds' sum, in either order
            toSection &= sumCounts.get(i) == (i % 2 == 1 ? 2 : 1);
            toSection &= i % 2 == 1 ? lastSums.get(i) == sum(range(1, n, 2)) || lastSums.get(i) == sum(range(0, n, 1))
                : lastSums.get(i) == sum(range(0, n, 1));
        }
        check(toSection, "a section as a reduction target (section::method broadcasts the result to the section),"
            + " beside the collection as target; quiescence waits for both", sumCounts + " " + lastSums);
        final SectionChecks_MemberProxy threes = arr.section(Range.of(0, n, 3));
        final List<Future<Integer>> fa = new ArrayList<>();
        final List<Future<Integer>> fb = new ArrayList<>();
        for (int round = 1; round <= 4; round++) {
            fa.add(new Future<>());
            fb.add(new Future<>());
            arr.overlap(evens, threes, round, fa.get(round - 1), fb.get(round - 1));
        }
        boolean overlap = true;
        final StringBuilder od = new StringBuilder();
        for (int round = 1; round <= 4; round++) {
            final int a = get(fa.get(round - 1));
            final int b = get(fb.get(round - 1));
            od.append(' ').append(a).append('/').append(b);
            overlap &= a == round * sum(range(0, n, 2)) && b == round * sum(range(0, n, 3));
        }
        check(overlap, "two overlapping sections reduce at once, four rounds back to back, numbered per section", od);

        // a section covering the whole array reduces exactly like the array
        final SectionChecks_MemberProxy whole = arr.section(Range.all());
        final List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(new Future<>());
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        final Future[] f = fs.toArray(new Future[0]);
        arr.compare(whole, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
        final StringBuilder cd = new StringBuilder();
        boolean same = true;
        for (int i = 0; i < 10; i += 2) {
            final Object x = get(f[i]);
            final Object y = get(f[i + 1]);
            same &= x.equals(y);
            cd.append(' ').append(x).append(x.equals(y) ? "==" : "!=").append(y);
        }
        check(same && whole.equals(arr.section(Range.of(0, n))) && !whole.equals(arr),
            "a section of the whole array reduces exactly like the array (int sum, double max, gather, custom list"
                + " reducer, double sum)", cd);

        // members that migrate while the section reduces and is called
        final SectionChecks_MemberProxy mover = SectionChecks_MemberProxy.newArray(n, 3);
        get(mover.created());
        final SectionChecks_MemberProxy moverSec = mover.section(Range.of(1, n, 2));
        final List<Future<Integer>> rounds = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            final Future<Integer> r = new Future<>();
            rounds.add(r);
            moverSec.contributeThenJump(moverSec, round, r);
            if (round == 3) {
                mover.jump(1);
            }
        }
        boolean moved = true;
        final StringBuilder md = new StringBuilder();
        final List<Integer> odd = range(1, n, 2);
        for (int round = 0; round < 6; round++) {
            final int got = get(rounds.get(round));
            md.append(' ').append(got);
            moved &= got == sum(odd) + round * odd.size();
        }
        final List<Integer> moverValues = get(moverSec.gather().value());
        final List<Integer> moverPes = get(mover.gather().pe());
        int away = 0;
        for (int i = 0; i < n; i++) {
            away += moverPes.get(i) != (int) ((long) i * pes / n) ? 1 : 0;
        }
        check(moved && moverValues.equals(range(3001, 3000 + n, 2)),
            "a section's reductions and calls reach every member while members migrate (" + away + " of " + n
                + " away from home)", md + " " + moverValues);

        // allreduce: futures in threaded entry methods, 1000 back to back in two collections at once, sections
        final SectionChecks_MemberProxy second = SectionChecks_MemberProxy.newArray(pes + 1, 4);
        get(second.created());
        final Future<List<Integer>> w1 = arr.gather().allreduceLoop(1000, n);
        final Future<List<Integer>> w2 = second.gather().allreduceLoop(1000, pes + 1);
        final Future<List<Integer>> w3 = evens.gather().sectionAllreduceLoop(evens, 200, sum(range(0, n, 2)),
            range(0, n, 2).size());
        final Future<List<Integer>> w4 = moverSec.gather().sectionAllreduceLoop(moverSec, 100, sum(odd), odd.size());
        final List<Integer> r1 = get(w1);
        final List<Integer> r2 = get(w2);
        final List<Integer> r3 = get(w3);
        final List<Integer> r4 = get(w4);
        check(r1.stream().allMatch(v -> v == 0) && r2.stream().allMatch(v -> v == 0) && r1.size() == n
                && r2.size() == pes + 1, "1000 back-to-back allreduces in two collections at once: every element"
                + " gets every result", r1 + " " + r2);
        check(r3.stream().allMatch(v -> v == 0) && r4.stream().allMatch(v -> v == 0),
            "allreduce over sections (doubles, a barrier, a gather), also with migrated members", r3 + " " + r4);

        // sections are values
        final SectionChecks_MemberProxy evensAgain = arr.section(range(0, n, 2).stream().map(Index::of).toList());
        final SectionChecks_MemberProxy echoed = get(arr.at(n - 1).echo(evens));
        check(evens.equals(evensAgain) && evens.hashCode() == evensAgain.hashCode() && !evens.equals(odds)
                && echoed.equals(evens) && echoed.isSection() && get(echoed.gather().value()).equals(evenValues),
            "a section is a value: equal when it names the same members, sent in a message and called there",
            echoed);

        // clear errors
        final String outside = error(() -> arr.section(Range.of(0, n + 2)));
        final String outsideList = error(() -> arr.section(List.of(Index.of(n))));
        final String notMember = error(() -> evens.section(List.of(Index.of(1))));
        final List<SectionChecks_MemberProxy> halves = arr.split(2, i -> 0);
        final SectionChecks_MemberProxy empty = halves.get(1);
        final String emptyCall = error(() -> empty.mark(1));
        final String outsider = get(arr.at(1).badContribute(evens));
        System.out.println("  errors as users see them:\n    " + String.join("\n    ", outside, outsideList, notMember,
            emptyCall, outsider));
        check(outside.contains("IndexOutOfBounds") && outside.contains("Member array")
                && outsideList.contains("outside") && notMember.contains("not a member")
                && emptyCall.contains("empty") && emptyCall.contains("mark")
                && outsider.contains("not a member") && outsider.contains("PE ") && outsider.contains("Member[1]"),
            "clear errors: index outside, not a member, an empty section called, contributing from outside",
            outside + " | " + outsideList + " | " + notMember + " | " + emptyCall + " | " + outsider);
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            all();
            CheckLog.finish("section");
        });
    }
}
