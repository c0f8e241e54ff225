package io.adrelay.common.storage.references;

import java.util.Optional;

/**
 * Which id an API gave each reference of one kind (APISync's ids by reference_id, kind {@code apisync/campaigns}), one
 * entry per reference: remembering one never touches another, whichever node remembers it, and every node reads what
 * any node remembered. A kind is {@code <api>/<resource>}, lower case.
 */
public interface ReferenceStore {

    /** The id remembered for {@code reference}, if any. */
    Optional<String> idOf(String kind, String reference);

    /** Remembers {@code id} for {@code reference}, durably before it returns (the same reference again: the new id). */
    void remember(String kind, String reference, String id);
}
