package io.adrelay.common.storage;

/**
 * Named locks held across the nodes of a cluster (bean "clusterLocks"): one piece of work on a thing at a time
 * whichever node does it (a Statlas batch's delivery, which every node's Drive poll looks at). The embedded profiles
 * have one process, whose own locks suffice: {@link #NONE}.
 */
@FunctionalInterface
public interface ClusterLocks {

    /** One process: nothing to hold beyond its own locks. */
    ClusterLocks NONE = name -> () -> { };

    /** Waits for the lock of the name and holds it until the handle is released; a lock's holder that dies gives it back. */
    Held hold(String name);

    /** A lock held; released once. */
    @FunctionalInterface
    interface Held {
        void release();
    }
}
