package org.charm4j.kernels.ir;

/**
 * The ids and extents a per-work-item kernel reads from its {@link org.charm4j.kernels.WorkItem}, with their
 * OpenCL C names.
 *
 * <p>Threading: immutable; any thread.
 */
public enum WorkItemFn {
    /** {@code globalId(d)}: {@code get_global_id}. */
    GLOBAL_ID("globalId", "get_global_id"),
    /** {@code localId(d)}: {@code get_local_id}. */
    LOCAL_ID("localId", "get_local_id"),
    /** {@code groupId(d)}: {@code get_group_id}. */
    GROUP_ID("groupId", "get_group_id"),
    /** {@code localSize(d)}: {@code get_local_size}. */
    LOCAL_SIZE("localSize", "get_local_size"),
    /** {@code globalSize(d)}: {@code get_global_size}. */
    GLOBAL_SIZE("globalSize", "get_global_size"),
    /** {@code groups(d)}: {@code get_num_groups}. */
    GROUPS("groups", "get_num_groups");

    private final String javaName;
    private final String openClName;

    WorkItemFn(final String javaName, final String openClName) {
        this.javaName = javaName;
        this.openClName = openClName;
    }

    /** @return the {@code WorkItem} method. */
    public String javaName() {
        return javaName;
    }

    /** @return the OpenCL C built-in. */
    public String openClName() {
        return openClName;
    }

    /**
     * @param name a {@code WorkItem} method's name.
     * @return its function, or {@code null}.
     */
    public static WorkItemFn ofJava(final String name) {
        for (final WorkItemFn f : values()) {
            if (f.javaName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
