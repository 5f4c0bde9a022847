package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.charm4j.Index;

/**
 * A set of elements of one or more collections of the same chare class: what a section proxy calls, and what a
 * section reduction waits for. A value: its parts are kept in collection-id order and each part's indices sorted
 * and distinct, so two sections of the same members are equal, however they were made. Each process keeps one
 * instance per member set ({@link Node#internSection}), which carries the spanning tree ({@link Plan}) and which
 * other processes know it already (after the first message to a process, the section travels as its fingerprint).
 *
 * <p>The tree spans the PEs that are home to a member (its map's choice), rooted at the smallest; elements that
 * moved get multicast calls forwarded like any call, and contribute from where they are.
 *
 * <p>Threading: immutable (the plan is built once, idempotently); any thread.
 */
final class Section {
    /** The collections, by id. */
    final CollectionInfo[] parts;
    /** By part: the members' indices, sorted, distinct. */
    final Index[][] members;
    /** Members in all. */
    final int size;
    /** A 64-bit digest of the members (never 0): the section's name on the wire and in reductions. */
    final long fingerprint;
    /** Whether a part's elements may migrate (reductions then count contributors, not PEs). */
    final boolean migratable;
    /** The other processes that know this section from this one. */
    final KnownBy knownBy;
    private volatile Plan plan;

    private Section(final CollectionInfo[] parts, final Index[][] members) {
        this.parts = parts;
        this.members = members;
        int n = 0;
        boolean moves = false;
        long h = 0x243F6A8885A308D3L;
        for (int p = 0; p < parts.length; p++) {
            n += members[p].length;
            moves |= parts[p].migratable();
            h = mix(h ^ parts[p].id());
            h = mix(h ^ members[p].length);
            for (final Index i : members[p]) {
                h = mix(h ^ i.dims());
                for (int d = 0; d < i.dims(); d++) {
                    h = mix(h ^ (i.get(d) & 0xFFFFFFFFL));
                }
            }
        }
        this.size = n;
        this.migratable = moves;
        this.fingerprint = h == 0 ? 1 : h;
        this.knownBy = new KnownBy(parts.length == 0 ? 1 : parts[0].node.topology().numNodes());
    }

    private static long mix(final long v) {
        long z = v * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The section of these members, as this process's one instance of it.
     *
     * @param node    this process.
     * @param parts   the collections (at least one; any order, each once).
     * @param members by part, the indices (any order; duplicates are dropped).
     * @return the section.
     */
    static Section of(final Node node, final CollectionInfo[] parts, final Index[][] members) {
        final Integer[] order = new Integer[parts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(parts[a].id(), parts[b].id()));
        final CollectionInfo[] ps = new CollectionInfo[parts.length];
        final Index[][] ms = new Index[parts.length][];
        for (int i = 0; i < order.length; i++) {
            ps[i] = parts[order[i]];
            final Index[] m = members[order[i]].clone();
            Arrays.sort(m);
            int k = 0;
            for (int j = 0; j < m.length; j++) {
                if (k == 0 || !m[j].equals(m[k - 1])) {
                    m[k++] = m[j];
                }
            }
            ms[i] = k == m.length ? m : Arrays.copyOf(m, k);
        }
        return node.internSection(new Section(ps, ms));
    }

    /**
     * @param info a collection.
     * @return its part number here, or -1.
     */
    int partOf(final CollectionInfo info) {
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].id() == info.id()) {
                return p;
            }
        }
        return -1;
    }

    /** @return whether element {@code index} of {@code info} is a member. */
    boolean contains(final CollectionInfo info, final Index index) {
        final int p = partOf(info);
        return p >= 0 && Arrays.binarySearch(members[p], index) >= 0;
    }

    /** @return the tree over the PEs that are home to members, built at the first call. */
    Plan plan() {
        Plan p = plan;
        if (p == null) {
            p = new Plan(this);
            plan = p;
        }
        return p;
    }

    /** @return the chare class's simple name. */
    String chareName() {
        return parts[0].chareClass().getSimpleName();
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Section s) || s.fingerprint != fingerprint || s.parts.length != parts.length) {
            return false;
        }
        for (int p = 0; p < parts.length; p++) {
            if (s.parts[p].id() != parts[p].id() || !Arrays.equals(s.members[p], members[p])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("section of ").append(size).append(size == 1 ? " element" : " elements")
            .append(" of ");
        for (int p = 0; p < parts.length; p++) {
            b.append(p == 0 ? "" : " + ").append(parts[p]);
            final Index[] m = members[p];
            if (m.length > 0) {
                b.append(' ').append(m[0]).append(m.length > 1 ? (m.length > 2 ? ".." : ",") + m[m.length - 1] : "");
            }
        }
        return b.toString();
    }

    /**
     * The spanning tree of a section: its members grouped by home PE (PEs sorted), and a {@value Topology#BRANCHES}-ary
     * tree over those PEs that crosses each process boundary once (a PE's subtree is a contiguous run of the sorted
     * PEs; the runs of other processes are split among its children before the rest of its own process's PEs are).
     */
    static final class Plan {
        /** The PEs that are home to members, sorted. */
        final int[] pes;
        /** By position: the first of its members in {@link #memberPart}/{@link #memberIndex}; one more at the end. */
        final int[] memberStart;
        final int[] memberPart;
        final Index[] memberIndex;
        /**
         * By member: its home PE's route to it, found at the first call (a lookup saved per member per call). Each
         * member is delivered by its home PE only, so each slot is read and written by that PE's thread alone.
         */
        final Location.Route[] memberRoute;
        /** By position: its parent's position (-1 for the root) and its children's. */
        final int[] parent;
        final int[][] children;

        Plan(final Section s) {
            final int n = s.size;
            final int[] home = new int[n];
            final int[] part = new int[n];
            final Index[] index = new Index[n];
            int k = 0;
            for (int p = 0; p < s.parts.length; p++) {
                for (final Index i : s.members[p]) {
                    home[k] = s.parts[p].homePe(i);
                    part[k] = p;
                    index[k] = i;
                    k++;
                }
            }
            final Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            // stable: members of one PE stay in part, then index order
            Arrays.sort(order, (a, b) -> Integer.compare(home[a], home[b]));
            memberPart = new int[n];
            memberIndex = new Index[n];
            memberRoute = new Location.Route[n];
            final int[] pesTmp = new int[n];
            final int[] startTmp = new int[n + 1];
            int m = 0;
            for (int i = 0; i < n; i++) {
                final int o = order[i];
                if (m == 0 || pesTmp[m - 1] != home[o]) {
                    pesTmp[m] = home[o];
                    startTmp[m] = i;
                    m++;
                }
                memberPart[i] = part[o];
                memberIndex[i] = index[o];
            }
            startTmp[m] = n;
            pes = Arrays.copyOf(pesTmp, m);
            memberStart = Arrays.copyOf(startTmp, m + 1);
            parent = new int[m];
            children = new int[m][];
            if (m > 0) {
                build(s.parts[0].node.topology(), 0, m, -1);
            }
        }

        private void build(final Topology t, final int lo, final int hi, final int up) {
            parent[lo] = up;
            final int myNode = t.nodeOf(pes[lo]);
            int sameEnd = lo + 1;
            while (sameEnd < hi && t.nodeOf(pes[sameEnd]) == myNode) {
                sameEnd++;
            }
            final List<Integer> kids = new ArrayList<>();
            // other processes: their runs, split into up to BRANCHES contiguous chunks of whole processes
            final List<Integer> groupStarts = new ArrayList<>();
            for (int i = sameEnd; i < hi; i++) {
                if (i == sameEnd || t.nodeOf(pes[i]) != t.nodeOf(pes[i - 1])) {
                    groupStarts.add(i);
                }
            }
            final int groups = groupStarts.size();
            for (int c = 0; c < Math.min(groups, Topology.BRANCHES); c++) {
                final int g0 = (int) ((long) groups * c / Math.min(groups, Topology.BRANCHES));
                final int g1 = (int) ((long) groups * (c + 1) / Math.min(groups, Topology.BRANCHES));
                final int from = groupStarts.get(g0);
                final int to = g1 < groups ? groupStarts.get(g1) : hi;
                kids.add(from);
                build(t, from, to, lo);
            }
            // the rest of this process's PEs
            final int local = sameEnd - lo - 1;
            for (int c = 0; c < Math.min(local, Topology.BRANCHES); c++) {
                final int from = lo + 1 + (int) ((long) local * c / Math.min(local, Topology.BRANCHES));
                final int to = lo + 1 + (int) ((long) local * (c + 1) / Math.min(local, Topology.BRANCHES));
                kids.add(from);
                build(t, from, to, lo);
            }
            final int[] a = new int[kids.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = kids.get(i);
            }
            children[lo] = a;
        }

        /** @return the root PE, or -1 for an empty section. */
        int rootPe() {
            return pes.length == 0 ? -1 : pes[0];
        }

        /** @return the position of {@code pe} in the tree, or -1 if it is home to no member. */
        int position(final int pe) {
            final int p = Arrays.binarySearch(pes, pe);
            return p < 0 ? -1 : p;
        }

        /** @return the members whose home is the PE at {@code pos}. */
        int localCount(final int pos) {
            return memberStart[pos + 1] - memberStart[pos];
        }

        /** @return the parent PE of the PE at {@code pos}, or -1 at the root. */
        int parentPe(final int pos) {
            return parent[pos] < 0 ? -1 : pes[parent[pos]];
        }
    }
}
