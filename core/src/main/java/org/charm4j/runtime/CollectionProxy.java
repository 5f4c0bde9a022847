package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToIntFunction;
import org.charm4j.Future;
import org.charm4j.Index;
import org.charm4j.Proxy;
import org.charm4j.Range;

/**
 * The base of generated collection proxies: broadcasts, optionally with a future for their completion or their
 * results. The same proxy class also stands for a <b>section</b>: a subset of a Group or an Array (or of several
 * collections of the same chare class), made with the generated proxy's {@code section(Range...)},
 * {@code section(Collection)} and {@code split} (typed as that proxy, over {@link #sectionOf(Range...)} and
 * {@link #splitInto}) or {@link #combine}. Calling an entry method on a section proxy multicasts it to the members
 * along a spanning tree over the PEs that hold them; {@code whenDone()} and {@code gather()} work as for the whole
 * collection (gathered results in index order, part by part for a combined section). A section proxy is a value like any
 * proxy: it can be sent in messages, used as a reduction target ({@code section::method}) or named in
 * {@code contribute(..., section)}, and two section proxies with the same members are equal.
 *
 * <pre>{@code
 * FooProxy evens = array.section(Range.of(0, 10, 2));     // charm4py's array[0:10:2]
 * evens.work(x);                                          // multicast
 * List<Double> r = evens.gather().value().get();          // results of elements 0, 2, ..., 8
 * List<FooProxy> thirds = array.split(3, i -> i.x() % 3);
 * FooProxy both = FooProxy.combine(array, other.section(Range.of(0, 4)));
 * }</pre>
 *
 * <p>Threading: immutable; any thread.
 */
public abstract class CollectionProxy extends Proxy {
    private static final long serialVersionUID = 1L;

    /** The section this proxy stands for, or null for the whole collection; set once, when the proxy is made. */
    private transient Section section;

    /**
     * @param info the collection.
     */
    protected CollectionProxy(final CollectionInfo info) {
        super(info);
    }

    /**
     * @param index an element's index.
     * @return the proxy of that element.
     */
    public abstract ElementProxy at(Index index);

    /**
     * Checks an index at the caller.
     *
     * @param index the index.
     * @return the index.
     * @throws IndexOutOfBoundsException if it lies outside the collection.
     */
    protected final Index checked(final Index index) {
        return info.checkIndex(index);
    }

    /**
     * Sends a call to every element.
     *
     * @param m the call; the runtime owns it from now on.
     */
    protected final void broadcast(final EntryMessage m) {
        if (section != null) {
            multicast(m);
            return;
        }
        m.info = info;
        m.flags |= EntryMessage.BROADCAST;
        info.node.sendCall(Topology.ROOT, m);
    }

    private void multicast(final EntryMessage m) {
        final Section s = section;
        if (s.size == 0) {
            throw new IllegalStateException(where() + m.entryName() + " was called on an empty " + s
                + "; an empty section can be kept (split() makes them) but not called");
        }
        m.info = info;
        m.index = null;
        m.section = s;
        m.flags |= EntryMessage.MULTICAST;
        info.node.sendCall(s.plan().rootPe(), m);
    }

    private static String where() {
        final Pe pe = Node.currentPe();
        return pe == null ? "" : "PE " + pe.id() + ": ";
    }

    /** Sends an allreduce's result to every element of this collection or section ({@link AllreduceTarget}). */
    final void sendAllreduceResult(final long key, final Object value) {
        broadcast(new AllreduceResult(section == null ? 0 : section.fingerprint, key, value));
    }

    /**
     * Sends a call to every element; the future completes once every element ran it.
     *
     * @param m the call.
     * @return the future.
     */
    protected final Future<Void> broadcastWhenDone(final EntryMessage m) {
        return broadcastWithFuture(m, EntryMessage.WHEN_DONE);
    }

    /**
     * Sends a call to every element; the future gathers their results, ordered by element index.
     *
     * @param m   the call.
     * @param <T> the result type.
     * @return the future.
     */
    protected final <T> Future<List<T>> broadcastGather(final EntryMessage m) {
        return broadcastWithFuture(m, EntryMessage.GATHER);
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T> broadcastWithFuture(final EntryMessage m, final int flag) {
        final Future<T> f = new Future<>();
        m.reply = (Future<Object>) f;
        m.replyKey(info.node.newId());
        m.flags |= flag;
        broadcast(m);
        return f;
    }

    /**
     * A future that completes once every element of this collection has been constructed (threaded constructors
     * that block included); for a sparse array, once {@code doneInserting()} was called and every inserted element
     * was constructed. Calls sent after creation reach elements after their constructors anyway: this is for
     * code that must know the whole collection is built before it goes on.
     *
     * @return completes once every element is built.
     */
    public final Future<Void> created() {
        return broadcastWhenDone(new CreationDone());
    }

    // ------------------------------------------------------------------ sections

    /** @return the section this proxy stands for, or null for a whole collection. */
    final Section section() {
        return section;
    }

    /** @return a proxy of the same generated class for {@code s}. */
    @SuppressWarnings("unchecked")
    static <P extends CollectionProxy> P of(final Section s, final CollectionInfo first) {
        final CollectionProxy p = (CollectionProxy) ChareTypes.collectionProxy(first);
        p.section = s;
        return (P) p;
    }

    private <P extends CollectionProxy> P make(final CollectionInfo[] parts, final Index[][] members) {
        return of(Section.of(info.node, parts, members), info);
    }

    /** @return whether this proxy stands for a section (not a whole collection). */
    public final boolean isSection() {
        return section != null;
    }

    /**
     * @return the indices of a section's members, in index order (part by part for a combined section).
     * @throws IllegalStateException on a whole collection's proxy.
     */
    public final List<Index> sectionMembers() {
        if (section == null) {
            throw new IllegalStateException(this + " is a whole collection, not a section");
        }
        final List<Index> all = new ArrayList<>(section.size);
        for (final Index[] m : section.members) {
            all.addAll(List.of(m));
        }
        return all;
    }

    /**
     * The section of the elements whose index lies in the given ranges, one per dimension, as charm4py's
     * {@code proxy[0:10:2, 3]}: {@code proxy.section(Range.of(0, 10, 2), Range.only(3))}. On a section, the
     * members that lie in the ranges (a section of a section); on a Group, its members on those PEs.
     *
     * @param ranges one per dimension of the collection.
     * @param <P>    this proxy's generated type ({@code FooProxy s = all.section(...)}).
     * @return the section's proxy (it may be empty: such a section can be kept but not called).
     * @throws IllegalArgumentException if the ranges do not match the collection's dimensions, or a sparse array's
     *     range has no explicit end.
     * @throws IndexOutOfBoundsException if a range reaches outside the collection.
     */
    protected final <P extends CollectionProxy> P sectionOf(final Range... ranges) {
        final CollectionInfo[] parts = partsOf();
        final Index[][] members = new Index[parts.length][];
        for (int p = 0; p < parts.length; p++) {
            members[p] = inRanges(parts[p], section != null ? p : -1, ranges);
        }
        return make(parts, members);
    }

    /**
     * The section of the indices from {@code lo} (inclusive) to {@code hi} (exclusive) by {@code step}, in each
     * dimension: {@code section(Index.of(0, 0), Index.of(4, 8), Index.of(1, 2))} is {@code [0:4, 0:8:2]}.
     *
     * @param lo   the first index.
     * @param hi   the end, exclusive, per dimension.
     * @param step the step per dimension (each at least 1).
     * @param <P>  this proxy's generated type.
     * @return the section's proxy.
     * @throws IllegalArgumentException if the three do not have the same dimensions.
     */
    protected final <P extends CollectionProxy> P sectionOf(final Index lo, final Index hi, final Index step) {
        if (lo.dims() != hi.dims() || lo.dims() != step.dims()) {
            throw new IllegalArgumentException("section(lo, hi, step) needs three indices of the same dimensions, not "
                + lo + ", " + hi + ", " + step);
        }
        final Range[] r = new Range[lo.dims()];
        for (int d = 0; d < r.length; d++) {
            r[d] = Range.of(lo.get(d), hi.get(d), step.get(d));
        }
        return sectionOf(r);
    }

    /**
     * The section of these elements. On a section, each must be a member of it.
     *
     * @param indices the members' indices, in any order (duplicates count once).
     * @param <P>     this proxy's generated type.
     * @return the section's proxy.
     * @throws IndexOutOfBoundsException if an index lies outside the collection (or the section).
     */
    protected final <P extends CollectionProxy> P sectionOf(final Collection<Index> indices) {
        final CollectionInfo[] parts = partsOf();
        final List<List<Index>> chosen = new ArrayList<>();
        for (int p = 0; p < parts.length; p++) {
            chosen.add(new ArrayList<>());
        }
        for (final Index i : indices) {
            boolean in = false;
            for (int p = 0; p < parts.length; p++) {
                if (section != null ? section.contains(parts[p], i) : fits(parts[p], i)) {
                    chosen.get(p).add(i);
                    in = true;
                }
            }
            if (!in) {
                if (section == null) {
                    try {
                        parts[0].checkIndex(i);
                    } catch (final IndexOutOfBoundsException e) {
                        throw new IndexOutOfBoundsException(where() + "section: " + e.getMessage());
                    }
                }
                throw new IndexOutOfBoundsException(where() + "index " + i + " is not a member of " + section);
            }
        }
        final Index[][] members = new Index[parts.length][];
        for (int p = 0; p < parts.length; p++) {
            members[p] = chosen.get(p).toArray(new Index[0]);
        }
        return make(parts, members);
    }

    /**
     * Splits this collection (or section) into {@code n} sections: element {@code i} goes to section
     * {@code sectionOf(i)}. Some may be empty.
     *
     * @param n         how many sections.
     * @param sectionOf for an element's index, its section's number, 0 to n - 1.
     * @param <P>       this proxy's generated type.
     * @return the n sections' proxies, by number.
     * @throws IllegalArgumentException if n is below 1 or the function gives a number outside [0, n).
     * @throws IllegalStateException on a sparse array's whole collection (its elements are not known in advance).
     */
    protected final <P extends CollectionProxy> List<P> splitInto(final int n, final ToIntFunction<Index> sectionOf) {
        if (n < 1) {
            throw new IllegalArgumentException("split(" + n + ", ...): at least one section");
        }
        final CollectionInfo[] parts = partsOf();
        final List<List<List<Index>>> bySection = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final List<List<Index>> ps = new ArrayList<>();
            for (int p = 0; p < parts.length; p++) {
                ps.add(new ArrayList<>());
            }
            bySection.add(ps);
        }
        for (int p = 0; p < parts.length; p++) {
            final Index[] all = section != null ? section.members[p] : everything(parts[p]);
            for (final Index i : all) {
                final int k = sectionOf.applyAsInt(i);
                if (k < 0 || k >= n) {
                    throw new IllegalArgumentException("split(" + n + ", ...) put element " + i + " of " + parts[p]
                        + " in section " + k + ", outside [0, " + n + ")");
                }
                bySection.get(k).get(p).add(i);
            }
        }
        final List<P> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            final Index[][] members = new Index[parts.length][];
            for (int p = 0; p < parts.length; p++) {
                members[p] = bySection.get(k).get(p).toArray(new Index[0]);
            }
            out.add(make(parts, members));
        }
        return out;
    }

    /**
     * A section of the members of several collections (or sections) of the same chare class: a call on it reaches
     * each member once; {@code gather()} orders results by collection (in creation order), then by index;
     * {@code at(i)} addresses the first collection's element.
     *
     * @param proxies whole collections or sections, of one chare class.
     * @param <P>     their generated proxy type.
     * @return the combined section's proxy.
     * @throws IllegalArgumentException if none is given or their chare classes differ.
     */
    @SafeVarargs
    public static <P extends CollectionProxy> P combine(final P... proxies) {
        if (proxies.length == 0) {
            throw new IllegalArgumentException("combine() needs at least one proxy");
        }
        final List<CollectionInfo> parts = new ArrayList<>();
        final List<List<Index>> members = new ArrayList<>();
        for (final CollectionProxy p : proxies) {
            if (p.info.chareClass() != proxies[0].info.chareClass()) {
                throw new IllegalArgumentException("combine(): " + p + " is of chare class "
                    + p.info.chareClass().getName() + ", " + proxies[0] + " of " + proxies[0].info.chareClass().getName()
                    + "; a section combines collections of one chare class");
            }
            final CollectionInfo[] ps = p.partsOf();
            for (int k = 0; k < ps.length; k++) {
                int at = -1;
                for (int j = 0; j < parts.size(); j++) {
                    if (parts.get(j).id() == ps[k].id()) {
                        at = j;
                    }
                }
                if (at < 0) {
                    parts.add(ps[k]);
                    members.add(new ArrayList<>());
                    at = parts.size() - 1;
                }
                members.get(at).addAll(List.of(p.section != null ? p.section.members[k] : p.everything(ps[k])));
            }
        }
        final Index[][] ms = new Index[parts.size()][];
        for (int j = 0; j < ms.length; j++) {
            ms[j] = members.get(j).toArray(new Index[0]);
        }
        final Section s = Section.of(proxies[0].info.node, parts.toArray(new CollectionInfo[0]), ms);
        return of(s, s.parts[0]);
    }

    private CollectionInfo[] partsOf() {
        return section != null ? section.parts : new CollectionInfo[] {info};
    }

    /** @return whether {@code i} is an element of the whole collection {@code c} (for a sparse array: any index). */
    private static boolean fits(final CollectionInfo c, final Index i) {
        try {
            c.checkIndex(i);
            return true;
        } catch (final IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** @return every element of a whole collection, in index order. */
    private Index[] everything(final CollectionInfo c) {
        if (c.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
            throw new IllegalStateException(where() + c + " is a sparse array: its elements are not known in advance;"
                + " make its sections from index lists or ranges with explicit ends");
        }
        final Range[] all = new Range[c.kind() == CollectionInfo.Kind.GROUP ? 1 : c.shape().dims()];
        java.util.Arrays.fill(all, Range.all());
        return inRanges(c, -1, all);
    }

    /** @return the elements of part {@code c} (number {@code part} of this section, or -1) in the ranges. */
    private Index[] inRanges(final CollectionInfo c, final int part, final Range[] ranges) {
        final boolean group = c.kind() == CollectionInfo.Kind.GROUP;
        final boolean sparse = c.kind() == CollectionInfo.Kind.SPARSE_ARRAY;
        final int dims = group ? 1 : sparse ? ranges.length : c.shape().dims();
        if (ranges.length != dims) {
            throw new IllegalArgumentException(where() + "a section of " + c + " needs " + dims + " range"
                + (dims == 1 ? "" : "s") + " (one per dimension), not " + ranges.length);
        }
        final int[] lo = new int[dims];
        final int[] hi = new int[dims];
        for (int d = 0; d < dims; d++) {
            final Range r = ranges[d];
            if (sparse && (r.stop() == Integer.MAX_VALUE || r.stop() < 0)) {
                throw new IllegalArgumentException(where() + "a section of sparse array " + c + " needs ranges with"
                    + " explicit ends, not " + r);
            }
            final int length = sparse ? Integer.MAX_VALUE : group ? c.node.numPes() : c.shape().get(d);
            lo[d] = r.start();
            hi[d] = r.end(length);
            if (hi[d] > lo[d] && (lo[d] >= length || hi[d] > length)) {
                throw new IndexOutOfBoundsException(where() + "range " + r + " of dimension " + d + " reaches outside "
                    + c + (group ? ", which has elements [0] to [" + (length - 1) + "]" : " of shape " + c.shape()));
            }
        }
        final List<Index> out = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
            if (hi[d] <= lo[d]) {
                return new Index[0];
            }
        }
        final int[] idx = lo.clone();
        while (true) {
            final Index i = Index.of(idx);
            if (part >= 0 ? section.contains(c, i) : !group || c.hasGroupMember(i.x())) {
                out.add(i);
            }
            int d = dims - 1;
            while (d >= 0) {
                idx[d] += ranges[d].step();
                if (idx[d] < hi[d]) {
                    break;
                }
                idx[d] = lo[d];
                d--;
            }
            if (d < 0) {
                break;
            }
        }
        return out.toArray(new Index[0]);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CollectionProxy p && p.getClass() == getClass() && p.info.id() == info.id()
            && java.util.Objects.equals(p.section, section);
    }

    @Override
    public int hashCode() {
        return section == null ? Long.hashCode(info.id()) : section.hashCode();
    }

    @Override
    public String toString() {
        return section == null ? super.toString() : getClass().getSimpleName() + "(" + section + ")";
    }

    /** Ends the insertions into this sparse array; for generated {@code doneInserting()}. */
    protected final void sendDoneInserting() {
        Proxies.doneInserting(info);
    }
}
