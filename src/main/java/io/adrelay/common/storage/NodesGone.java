package io.adrelay.common.storage;

import java.time.Instant;

/**
 * Which nodes of a cluster are gone: what the shared stores ask before they take over a node's work (its running run,
 * its calls in doubt). The embedded profiles have one process, whose work is never another's to take.
 */
@FunctionalInterface
public interface NodesGone {

    /** Nobody is ever gone: one process, or a test of a store alone. */
    NodesGone NONE = (node, since) -> false;

    /**
     * Whether the node is gone, for work of its that began at {@code since}: it has not checked in with the cluster for
     * longer than the cluster allows, or it is absent although the work is older than that (a node just started has
     * not checked in yet).
     */
    boolean gone(String node, Instant since);
}
