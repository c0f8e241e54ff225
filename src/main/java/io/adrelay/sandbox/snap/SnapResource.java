package io.adrelay.sandbox.snap;

/**
 * One Snap resource (catalogs, product feeds...): its paths, and the id naming its entities, added
 * to the router. A new resource is a new class and one line in SnapSimulator's list.
 */
interface SnapResource {

    void register(SnapRouter router);
}
