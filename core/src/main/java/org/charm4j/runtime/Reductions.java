package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.charm4j.BooleanTarget;
import org.charm4j.Callback;
import org.charm4j.DoubleTarget;
import org.charm4j.FloatTarget;
import org.charm4j.Future;
import org.charm4j.IntTarget;
import org.charm4j.LongTarget;
import org.charm4j.Reducer;
import org.charm4j.Target;

/**
 * A PE's side of reductions: it combines its elements' contributions and its tree children's partials, per
 * collection and reduction number, and passes the result up the {@link Topology}; at the root it calls the target.
 * Several reductions of one collection may be in flight: each element's n-th contribution belongs to reduction n.
 *
 * <p>Threading: owning PE only.
 */
final class Reductions {
    private final Pe pe;
    /**
     * Above 0 while this PE's reductions send or deliver a result: a threaded entry method that contributed must not
     * give its PE away there (for back-pressure, {@link FlowControl}), since other messages would then run in the
     * middle of this bookkeeping.
     */
    int sending;

    Reductions(final Pe pe) {
        this.pe = pe;
    }

    // ------------------------------------------------------------------ contributions of local elements

    void contributeNone(final Element e, final Reducer r, final Object target, final Section s) {
        if (r.kind() != Reducer.Kind.NOP) {
            fail(e, "contributed no value with " + r + ", which needs one; use Reducer.NOP for a barrier");
            return;
        }
        final PartialHolder h = holder(e, s);
        final Partial p = accept(e, h, next(e, s), r, Partial.NONE, target, null);
        if (p != null) {
            added(h, p);
        }
    }

    void contributeLong(final Element e, final long v, final byte type, final Reducer r, final Object target,
                        final Section s) {
        if (r.kind() == Reducer.Kind.GATHER || r.kind() == Reducer.Kind.CUSTOM) {
            contributeObject(e, box(v, type), r, target, s);
            return;
        }
        final PartialHolder h = holder(e, s);
        final Partial p = accept(e, h, next(e, s), r, type, target, null);
        if (p == null) {
            return;
        }
        if (p.count == 0) {
            p.l = v;
        } else {
            p.l = ReductionOps.combineLong(r, p.l, v);
        }
        added(h, p);
    }

    void contributeDouble(final Element e, final double v, final byte type, final Reducer r, final Object target,
                          final Section s) {
        if (r.kind() == Reducer.Kind.GATHER || r.kind() == Reducer.Kind.CUSTOM) {
            contributeObject(e, type == Partial.FLOAT ? (Object) (float) v : (Object) v, r, target, s);
            return;
        }
        final PartialHolder h = holder(e, s);
        final Partial p = accept(e, h, next(e, s), r, type, target, null);
        if (p == null) {
            return;
        }
        p.d = p.count == 0 ? v : ReductionOps.combineDouble(r, type, p.d, v);
        added(h, p);
    }

    void contributeObject(final Element e, final Object v, final Reducer r, final Object target, final Section s) {
        if (r.kind() != Reducer.Kind.GATHER && r.kind() != Reducer.Kind.CUSTOM) {
            final byte prim = primitiveType(v);
            if (prim == Partial.FLOAT || prim == Partial.DOUBLE) {
                contributeDouble(e, ((Number) v).doubleValue(), prim, r, target, s);
                return;
            } else if (prim >= 0) {
                contributeLong(e, v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue(), prim, r, target,
                    s);
                return;
            }
        }
        final PartialHolder h = holder(e, s);
        contributeObject(e, h, next(e, s), v, r, target);
    }

    /** @return the key of the element's next contribution to the collection's reductions, or to the section's. */
    private static long next(final Element e, final Section s) {
        return s == null ? e.nextReduction() : e.nextSectionReduction(s.fingerprint);
    }

    /** @return where the reductions of {@code e}'s collection, or of section {@code s}, are kept on this PE. */
    private PartialHolder holder(final Element e, final Section s) {
        return s == null ? e.local : state(s);
    }

    private void contributeObject(final Element e, final PartialHolder h, final long key, final Object v,
                                  final Reducer r, final Object target) {
        final byte type = r.kind() == Reducer.Kind.GATHER ? Partial.GATHER : Partial.OBJECT;
        final String objectType = v == null ? "null" : v.getClass().getSimpleName();
        final Partial p = accept(e, h, key, r, type, target, objectType);
        if (p == null) {
            return;
        }
        final int part = p.section == null ? 0 : p.section.partOf(e.info);
        try {
            if (type == Partial.GATHER) {
                if (p.gathered == null) {
                    p.gathered = new ArrayList<>();
                }
                p.gathered.add(new Partial.Gathered(e.index, Args.copy(v), part));
            } else if (r.takesList()) {
                if (p.gathered == null) {
                    p.gathered = new ArrayList<>();
                }
                p.gathered.add(new Partial.Gathered(e.index, Args.copy(v), part));
            } else if (p.count == 0) {
                p.o = ReductionOps.own(r, v);
            } else {
                p.o = ReductionOps.combineObject(r, p.o, v);
            }
        } catch (final RuntimeException ex) {
            fail(e, "contributed a value that " + r + " cannot combine: " + ex.getMessage());
            return;
        }
        added(h, p);
    }

    /** A broadcast's element finished: count it toward the broadcast's future. */
    void contributeToFuture(final Element e, final EntryMessage m, final boolean gather, final Object result) {
        final long key = -m.replyKey();
        if (gather) {
            contributeObject(e, e.local, key, result, Reducer.GATHER, m.reply);
        } else {
            final Partial p = accept(e, e.local, key, Reducer.NOP, Partial.NONE, m.reply, null);
            if (p != null) {
                added(e.local, p);
            }
        }
    }

    /**
     * A broadcast's element threw: it counts toward the broadcast's future as done, and its failure travels with the
     * partial to the root, which fails the future with every failure.
     */
    void failedInBroadcast(final Element e, final EntryMessage m, final Throwable failure) {
        final long key = -m.replyKey();
        final boolean gather = (m.flags & EntryMessage.GATHER) != 0;
        final Partial p = gather ? accept(e, e.local, key, Reducer.GATHER, Partial.GATHER, m.reply, null)
            : accept(e, e.local, key, Reducer.NOP, Partial.NONE, m.reply, null);
        if (p == null) {
            return;
        }
        if (p.failures == null) {
            p.failures = new ArrayList<>(2);
        }
        p.failures.add(new Partial.Failure(e.index, m.entryName(), failure));
        if (gather && p.gathered == null) {
            p.gathered = new ArrayList<>();
        }
        added(e.local, p);
    }

    private static byte primitiveType(final Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return Partial.INT;
        } else if (v instanceof Long) {
            return Partial.LONG;
        } else if (v instanceof Float) {
            return Partial.FLOAT;
        } else if (v instanceof Double) {
            return Partial.DOUBLE;
        } else if (v instanceof Boolean) {
            return Partial.BOOLEAN;
        }
        return -1;
    }

    private static Object box(final long v, final byte type) {
        return switch (type) {
            case Partial.INT -> (int) v;
            case Partial.BOOLEAN -> v != 0;
            default -> v;
        };
    }

    /**
     * Finds or opens the partial of reduction {@code key} and checks that the reducer and type agree with it.
     *
     * @return the partial, or {@code null} after failing the job.
     */
    private Partial accept(final Element e, final PartialHolder h, final long key, final Reducer r, final byte type,
                           final Object target, final String objectType) {
        final Partial p = find(h, key, e);
        if (p.type < 0) {
            p.reducer = r;
            p.type = type;
            p.target = target;
            p.firstIndex = e.index;
            p.firstPart = p.section == null ? 0 : p.section.partOf(e.info);
            p.objectType = objectType;
            if (!ReductionOps.supports(r, type)) {
                fail(e, "contributed " + p.typeName() + " with " + r + ", which does not apply to "
                    + p.typeName() + " values");
                return null;
            }
            return p;
        }
        if (p.reducer != r || p.type != type
            || type == Partial.OBJECT && objectType != null && !objectType.equals(p.objectType)) {
            fail(e, "contributed " + (type == Partial.OBJECT ? objectType : Partial.TYPE_NAMES[type]) + " with " + r
                + " to reduction " + describeKey(key) + ", where element " + p.firstIndex + " contributed "
                + p.typeName() + " with " + p.reducer + "; every element must use the same reducer and type");
            return null;
        }
        return p;
    }

    private static String describeKey(final long key) {
        return key >= 0 ? "#" + key : "of a broadcast's future";
    }

    /**
     * @param contributor the local element whose contribution opens it (its sequence number already advanced), or
     *                    null for a child's partial.
     */
    private Partial find(final PartialHolder h, final long key, final Element contributor) {
        final ArrayList<Partial> ps = h.partials;
        for (int i = 0, n = ps.size(); i < n; i++) {
            final Partial p = ps.get(i);
            if (p.key == key) {
                return p;
            }
        }
        final Partial spare = h.spare;
        h.spare = null;
        if (h instanceof SectionState st) {
            final Partial p = spare != null ? spare.reuse(key) : new Partial(st.section.parts[0], key);
            p.section = st.section;
            ps.add(p);
            if (key >= 0 && st.section.migratable) {
                p.owing = owing(st.section, key) + (contributor != null ? 1 : 0);
            }
            return p;
        }
        final LocalCollection lc = (LocalCollection) h;
        final Partial p = spare != null ? spare.reuse(key) : new Partial(lc.info, key);
        ps.add(p);
        if (key >= 0 && lc.info.migratable()) {
            p.owing = owing(lc, key) + (contributor != null ? 1 : 0);
        }
        return p;
    }

    /** @return the members of {@code s} here that have not contributed to its reduction {@code key} yet. */
    private int owing(final Section s, final long key) {
        int n = 0;
        for (final CollectionInfo part : s.parts) {
            final LocalCollection lc = part.local(pe.id());
            if (lc == null) {
                continue;
            }
            for (final Element e : lc.elements.values()) {
                if (e.sectionSeq(s.fingerprint) <= key && s.contains(e.info, e.index)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** @return the elements here that have not contributed to reduction {@code key} yet. */
    private static int owing(final LocalCollection lc, final long key) {
        int n = 0;
        for (final Element e : lc.elements.values()) {
            if (e.reductionSeq <= key) {
                n++;
            }
        }
        return n;
    }

    /** A local element's contribution was added. */
    private void added(final PartialHolder h, final Partial p) {
        p.count++;
        p.contributors++;
        p.owing--;
        checkComplete(h, p);
    }

    /**
     * An element leaves this PE owing reductions from its sequence number on: the open ones stop waiting for it here
     * (it contributes where it arrives; the root counts every element's contribution once).
     */
    void departed(final LocalCollection lc, final Element e) {
        sectionsMoved(e, -1);
        if (lc.partials.isEmpty()) {
            return;
        }
        for (final Partial p : new ArrayList<>(lc.partials)) {
            if (p.key >= 0 && p.key >= e.reductionSeq) {
                p.owing--;
                checkComplete(lc, p);
            }
        }
    }

    /** An element arrives owing reductions from its sequence number on: the open ones here wait for it. */
    void arrived(final LocalCollection lc, final Element e) {
        sectionsMoved(e, 1);
        for (int i = 0, n = lc.partials.size(); i < n; i++) {
            final Partial p = lc.partials.get(i);
            if (p.key >= 0 && p.key >= e.reductionSeq) {
                p.owing++;
            }
        }
    }

    /** Makes {@code p} the partial of a call's future: of completion, or gathering the results (once). */
    private static void awaitsReplies(final Partial p, final EntryMessage m) {
        p.owingKnown = true;
        if (p.type < 0) {
            final boolean gather = (m.flags & EntryMessage.GATHER) != 0;
            p.reducer = gather ? Reducer.GATHER : Reducer.NOP;
            p.type = gather ? Partial.GATHER : Partial.NONE;
            p.target = m.reply;
            if (gather) {
                p.gathered = new ArrayList<>();
            }
        }
    }

    /**
     * A broadcast with a future reaches this PE's elements: its partial here waits for each of them and for every
     * tree child (each PE reports once per such broadcast, so that the count does not depend on where elements are).
     */
    void broadcastDelivered(final LocalCollection lc, final EntryMessage m, final int targets) {
        final Partial p = find(lc, -m.replyKey(), null);
        p.owing += targets;
        awaitsReplies(p, m);
        checkComplete(lc, p);
    }

    /**
     * An element that arrived runs a broadcast with a future that it missed where it was: the PE's partial of that
     * broadcast waits for it too if it is still open, else a late partial takes it to the root.
     */
    void lateBroadcast(final LocalCollection lc, final EntryMessage m) {
        final long key = -m.replyKey();
        final ArrayList<Partial> ps = lc.partials;
        for (int i = 0, n = ps.size(); i < n; i++) {
            final Partial p = ps.get(i);
            if (p.key == key) {
                p.owing++;
                return;
            }
        }
        find(lc, key, null).late = pe.id() != Topology.ROOT;
        broadcastDelivered(lc, m, 1);
    }

    private boolean complete(final PartialHolder h, final Partial p) {
        if (h instanceof SectionState st) {
            return complete(st, p);
        }
        final LocalCollection lc = (LocalCollection) h;
        if (!lc.countsKnown) {
            return false;
        }
        if (p.late) {
            return p.owing <= 0;
        }
        if (p.key < 0 && lc.info.migratable() && pe.id() == Topology.ROOT) {
            // elements may have run it on another PE than the one they were on when it came: count elements
            return p.contributors >= lc.totalElements();
        }
        if (p.key < 0) {
            return p.owingKnown && p.owing <= 0 && p.children >= pe.node().topology().children(pe.id()).length;
        }
        if (!lc.info.migratable()) {
            return p.count >= lc.expectedContributions();
        }
        return pe.id() == Topology.ROOT ? p.contributors >= lc.totalElements() : p.owing <= 0;
    }

    private void checkComplete(final PartialHolder h, final Partial p) {
        if (!complete(h, p)) {
            return;
        }
        h.partials.remove(p);
        if (p.type == Partial.OBJECT && p.reducer.takesList() && p.gathered != null) {
            p.gathered.sort(Partial.Gathered.ORDER);
            final List<Object> values = new ArrayList<>(p.gathered.size());
            for (final Partial.Gathered g : p.gathered) {
                values.add(g.value());
            }
            p.gathered = null;
            try {
                p.o = p.reducer.reduceList(values);
            } catch (final RuntimeException ex) {
                pe.node().abort("PE " + pe.id() + ": reducer " + p.reducer.name() + " of reduction "
                    + describeKey(p.key) + " of " + (p.section != null ? p.section : p.info) + " threw " + ex, ex);
                return;
            }
        }
        sending++;
        try {
            if (p.section != null) {
                final Section.Plan plan = p.section.plan();
                if (pe.id() == plan.rootPe()) {
                    deliverResult(p);
                    h.spare = p;
                } else {
                    p.count = 0;
                    final int pos = plan.position(pe.id());
                    pe.node().send(pos < 0 || p.late ? plan.rootPe() : plan.parentPe(pos), p);
                }
            } else if (pe.id() == Topology.ROOT) {
                deliverResult(p);
                h.spare = p;
            } else {
                p.count = 0;
                pe.node().send(p.late ? Topology.ROOT : pe.node().topology().parent(pe.id()), p);
            }
        } finally {
            sending--;
        }
    }

    // ------------------------------------------------------------------ partials from tree children

    void mergeChild(final Partial child) {
        final PartialHolder lc = child.section != null ? state(child.section) : localOf(child.info, child);
        if (lc == null) {
            return;
        }
        final Partial p = find(lc, child.key, null);
        p.contributors += child.contributors;
        p.children++;
        // a list reducer's child result is one more value for this PE's list; other children's values combine
        final boolean listValue = child.type == Partial.OBJECT && child.reducer.takesList();
        if (p.type < 0) {
            p.reducer = child.reducer;
            p.type = child.type;
            p.target = child.target;
            p.firstIndex = child.firstIndex;
            p.firstPart = child.firstPart;
            p.objectType = child.objectType;
            if (!listValue) {
                p.l = child.l;
                p.d = child.d;
                p.o = child.o;
                p.gathered = child.gathered;
                p.failures = child.failures;
            }
        } else if (p.reducer != child.reducer || p.type != child.type) {
            pe.node().abort("PE " + pe.id() + ": reduction " + describeKey(p.key) + " of " + scope(p) + " mixes "
                + p.typeName() + " with " + p.reducer + " (element " + p.firstIndex + ") and " + child.typeName()
                + " with " + child.reducer + " (element " + child.firstIndex + ")", null);
            return;
        } else if (!listValue) {
            try {
                switch (p.type) {
                    case Partial.INT, Partial.LONG, Partial.BOOLEAN ->
                        p.l = ReductionOps.combineLong(p.reducer, p.l, child.l);
                    case Partial.FLOAT, Partial.DOUBLE ->
                        p.d = ReductionOps.combineDouble(p.reducer, p.type, p.d, child.d);
                    case Partial.OBJECT -> p.o = ReductionOps.combineObject(p.reducer, p.o, child.o);
                    case Partial.GATHER -> p.gathered.addAll(child.gathered);
                    default -> {
                    }
                }
                if (child.failures != null) {
                    if (p.failures == null) {
                        p.failures = new ArrayList<>(child.failures.size());
                    }
                    p.failures.addAll(child.failures);
                }
            } catch (final RuntimeException ex) {
                pe.node().abort("PE " + pe.id() + ": reduction " + describeKey(p.key) + " of " + scope(p)
                    + " could not combine partial results: " + ex.getMessage(), ex);
                return;
            }
        }
        if (listValue) {
            if (p.gathered == null) {
                p.gathered = new ArrayList<>();
            }
            p.gathered.add(new Partial.Gathered(child.firstIndex, child.o, child.firstPart));
        }
        p.count++;
        checkComplete(lc, p);
    }

    private static Object scope(final Partial p) {
        return p.section != null ? p.section : p.info;
    }

    private LocalCollection localOf(final CollectionInfo info, final Message m) {
        LocalCollection lc = info.local(pe.id());
        if (lc == null && info.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
            pe.createLocal(info, null);
            lc = info.local(pe.id());
        }
        if (lc == null) {
            pe.waitForCollection(info.id(), m);
        }
        return lc;
    }

    // ------------------------------------------------------------------ sparse arrays: census

    void censusFromChild(final CollectionInfo info, final int count) {
        final LocalCollection lc = localOf(info, new Census(info, count));
        if (lc == null) {
            return;
        }
        lc.censusReplies++;
        lc.censusCount += count;
        if (count > 0) {
            lc.liveChildren++;
        }
        censusStep(lc);
    }

    void censusStep(final LocalCollection lc) {
        if (!lc.insertionDone || lc.countsKnown) {
            return;
        }
        if (lc.censusReplies < pe.node().topology().children(pe.id()).length) {
            return;
        }
        lc.countsKnown = true;
        lc.censusLocal = lc.elements.size();
        if (pe.id() != Topology.ROOT) {
            sending++;
            try {
                pe.node().send(pe.node().topology().parent(pe.id()), new Census(lc.info, lc.censusCount
                    + lc.elements.size()));
            } finally {
                sending--;
            }
        }
        for (final Partial p : new ArrayList<>(lc.partials)) {
            checkComplete(lc, p);
        }
    }

    // ------------------------------------------------------------------ sections

    /** A section's reductions in flight on this PE. */
    static final class SectionState extends PartialHolder {
        final Section section;

        SectionState(final Section section) {
            this.section = section;
        }
    }

    /** This PE's section states, by fingerprint, made at first use. */
    private java.util.HashMap<Long, SectionState> sections;

    private SectionState state(final Section s) {
        if (sections == null) {
            sections = new java.util.HashMap<>();
        }
        SectionState st = sections.get(s.fingerprint);
        if (st == null) {
            st = new SectionState(s);
            sections.put(s.fingerprint, st);
        }
        return st;
    }

    /**
     * Whether a section's partial here is complete. The root has every member's contribution; elsewhere, a PE in the
     * tree waits for its members and children: for a future of a section call, the members the call found here and
     * every child's report; for a contribution, the members whose home it is and every child's partial, or, when
     * members may migrate, only the members here now (what comes later goes up on its own, the root counts members).
     * A PE outside the tree (members that migrated there) sends straight to the root.
     */
    private boolean complete(final SectionState st, final Partial p) {
        final Section s = st.section;
        final Section.Plan plan = s.plan();
        if (pe.id() == plan.rootPe()) {
            return p.contributors >= s.size;
        }
        final int pos = plan.position(pe.id());
        if (pos < 0 || p.late) {
            return p.owing <= 0;
        }
        if (p.key < 0) {
            return p.owingKnown && p.owing <= 0 && p.children >= plan.children[pos].length;
        }
        if (!s.migratable) {
            return p.count >= plan.localCount(pos) + plan.children[pos].length;
        }
        return p.owing <= 0;
    }

    /** A member of open section reductions left ({@code -1}) or arrived ({@code +1}): they wait for it or not. */
    private void sectionsMoved(final Element e, final int delta) {
        if (sections == null) {
            return;
        }
        for (final SectionState st : new ArrayList<>(sections.values())) {
            if (st.partials.isEmpty() || !st.section.contains(e.info, e.index)) {
                continue;
            }
            final int seq = e.sectionSeq(st.section.fingerprint);
            for (final Partial p : new ArrayList<>(st.partials)) {
                if (p.key >= 0 && p.key >= seq) {
                    p.owing += delta;
                    if (delta < 0) {
                        checkComplete(st, p);
                    }
                }
            }
        }
    }

    /**
     * A section call with a future reaches this PE: its partial here waits for the {@code here} members it runs on
     * directly and for every tree child (each PE of the tree reports once per call).
     */
    void sectionDelivered(final Section s, final EntryMessage m, final int here) {
        final SectionState st = state(s);
        final Partial p = find(st, -m.replyKey(), null);
        p.owing += here;
        awaitsReplies(p, m);
        checkComplete(st, p);
    }

    /**
     * A member ran its call of a section call with a future (or threw): it counts in the partial of the PE that
     * delivered it there, or, if the call was forwarded to it, in a partial of its own that goes to the root.
     */
    void sectionCallDone(final Element e, final EntryMessage m, final Object result, final Throwable failure) {
        final Section s = m.section;
        final long key = -m.replyKey();
        final boolean gather = (m.flags & EntryMessage.GATHER) != 0;
        final SectionState st = state(s);
        Partial p = null;
        if (m.sectionPe == pe.id()) {
            for (final Partial q : st.partials) {
                if (q.key == key) {
                    p = q;
                    break;
                }
            }
            if (p == null) {
                pe.node().abort("PE " + pe.id() + ": " + Pe.describe(e) + " ran " + m.entryName() + " of " + s
                    + " after this PE had reported it (a runtime fault in section calls)", null);
                return;
            }
        } else {
            p = new Partial(s.parts[0], key);
            p.section = s;
            p.late = true;
            p.reducer = gather ? Reducer.GATHER : Reducer.NOP;
            p.type = gather ? Partial.GATHER : Partial.NONE;
            p.target = m.reply;
            p.firstIndex = e.index;
            p.firstPart = s.partOf(e.info);
            if (gather) {
                p.gathered = new ArrayList<>(1);
            }
        }
        if (failure != null) {
            if (p.failures == null) {
                p.failures = new ArrayList<>(2);
            }
            p.failures.add(new Partial.Failure(e.index, m.entryName(), failure));
        } else if (gather) {
            try {
                p.gathered.add(new Partial.Gathered(e.index, Args.copy(result), s.partOf(e.info)));
            } catch (final RuntimeException ex) {
                fail(e, "returned a value that cannot be gathered: " + ex.getMessage());
                return;
            }
        }
        if (p.late) {
            p.count = 1;
            p.contributors = 1;
            sending++;
            try {
                pe.node().send(s.plan().rootPe(), p);
            } finally {
                sending--;
            }
        } else {
            added(st, p);
        }
    }

    /** @return a delivered partial's value, boxed (for an allreduce, whose result goes to every contributor). */
    private static Object resultValue(final Partial p) {
        return switch (p.type) {
            case Partial.NONE -> null;
            case Partial.INT -> (int) p.l;
            case Partial.LONG -> p.l;
            case Partial.BOOLEAN -> p.l != 0;
            case Partial.FLOAT -> (float) p.d;
            case Partial.DOUBLE -> p.d;
            case Partial.OBJECT -> p.o;
            case Partial.GATHER -> {
                p.gathered.sort(Partial.Gathered.ORDER);
                final List<Object> values = new ArrayList<>(p.gathered.size());
                for (final Partial.Gathered g : p.gathered) {
                    values.add(g.value());
                }
                yield values;
            }
            default -> throw new IllegalStateException("reduction of unknown type " + p.type);
        };
    }

    // ------------------------------------------------------------------ the root: deliver to the target

    private void deliverResult(final Partial p) {
        final Object t = p.target;
        if (pe.stats != null && pe.stats.tracing) {
            pe.stats.instant("reduction", "reduction " + Long.toHexString(p.key) + " of " + p.info + " done");
        }
        if (p.failures != null && t instanceof Future<?> f) {
            p.failures.sort(Comparator.comparing(Partial.Failure::index));
            final java.util.LinkedHashMap<org.charm4j.Index, Throwable> byIndex = new java.util.LinkedHashMap<>();
            for (final Partial.Failure failure : p.failures) {
                byIndex.put(failure.index(), failure.error());
            }
            final int total = p.section != null ? p.section.size : p.info.local(pe.id()).totalElements();
            f.fail(new org.charm4j.BroadcastException(p.failures.get(0).entry(), total, byIndex));
            return;
        }
        if (t instanceof AllreduceTarget a) {
            a.deliver(p.key, resultValue(p));
            return;
        }
        try {
            switch (p.type) {
                case Partial.NONE -> {
                    if (t instanceof Callback c) {
                        c.run();
                    } else {
                        target(t, p).accept(null);
                    }
                }
                case Partial.INT -> {
                    if (t instanceof IntTarget it) {
                        it.accept((int) p.l);
                    } else if (t instanceof LongTarget lt) {
                        lt.accept(p.l);
                    } else {
                        target(t, p).accept((int) p.l);
                    }
                }
                case Partial.LONG -> {
                    if (t instanceof LongTarget lt) {
                        lt.accept(p.l);
                    } else {
                        target(t, p).accept(p.l);
                    }
                }
                case Partial.BOOLEAN -> {
                    if (t instanceof BooleanTarget bt) {
                        bt.accept(p.l != 0);
                    } else {
                        target(t, p).accept(p.l != 0);
                    }
                }
                case Partial.FLOAT -> {
                    if (t instanceof FloatTarget ft) {
                        ft.accept((float) p.d);
                    } else if (t instanceof DoubleTarget dt) {
                        dt.accept(p.d);
                    } else {
                        target(t, p).accept((float) p.d);
                    }
                }
                case Partial.DOUBLE -> {
                    if (t instanceof DoubleTarget dt) {
                        dt.accept(p.d);
                    } else {
                        target(t, p).accept(p.d);
                    }
                }
                case Partial.OBJECT -> target(t, p).accept(p.o);
                case Partial.GATHER -> {
                    p.gathered.sort(Partial.Gathered.ORDER);
                    final List<Object> values = new ArrayList<>(p.gathered.size());
                    for (final Partial.Gathered g : p.gathered) {
                        values.add(g.value());
                    }
                    target(t, p).accept(values);
                }
                default -> throw new IllegalStateException("reduction of unknown type " + p.type);
            }
        } catch (final ClassCastException ex) {
            pe.node().abort("PE " + pe.id() + ": the result of reduction " + describeKey(p.key) + " of " + p.info
                + " (" + p.typeName() + " with " + p.reducer + ") does not fit its target " + t + ": " + ex, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private Target<Object> target(final Object t, final Partial p) {
        if (t instanceof Target<?> target) {
            return (Target<Object>) target;
        }
        throw new ClassCastException("a " + p.typeName() + " result needs a target taking "
            + (p.type == Partial.GATHER ? "a List" : p.typeName()) + ", not " + t.getClass().getName()
            + (t instanceof Future ? "" : " (pass a method reference to an entry method with that parameter)"));
    }

    private void fail(final Element e, final String what) {
        pe.node().abort("PE " + pe.id() + ": " + e.info.chareClass().getSimpleName() + e.index + " of " + e.info
            + (pe.currentMessage != null ? " in " + pe.currentMessage.entryName() : "") + " " + what, null);
    }
}
