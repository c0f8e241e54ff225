package io.adrelay.apisync;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The four writable APISync resources: their paths, how they are updated, and the parent each names. */
enum ApisyncResource {
    INVENTORY_ITEMS("inventory-items", "PATCH", null, null),
    CAMPAIGNS("campaigns", "PUT", "ad_account", "ad-accounts"),
    AD_SETS("ad-sets", "PUT", "campaign", "campaigns"),
    ADS("ads", "PATCH", "ad_set", "ad-sets");

    final String path;
    final String updateMethod;
    /** The relationship naming the parent, in snake_case as in the inbound record; null for none. */
    final String parent;
    /** The parent's JSON:API type. */
    final String parentType;

    ApisyncResource(String path, String updateMethod, String parent, String parentType) {
        this.path = path;
        this.updateMethod = updateMethod;
        this.parent = parent;
        this.parentType = parentType;
    }

    /** The resources this one's parents are (an ad's ad set and campaign): created first when both are queued. */
    Set<ApisyncResource> ancestors() {
        Set<ApisyncResource> ancestors = EnumSet.noneOf(ApisyncResource.class);
        for (Optional<ApisyncResource> p = byPath(String.valueOf(parentType)); p.isPresent(); p = byPath(String.valueOf(p.get().parentType))) {
            ancestors.add(p.get());
        }
        return ancestors;
    }

    static Optional<ApisyncResource> byPath(String path) {
        return Arrays.stream(values()).filter(r -> r.path.equals(path)).findFirst();
    }

    static ApisyncResource byType(String type) {
        return byPath(type).orElseThrow(() -> new IllegalArgumentException("not an APISync resource: " + type));
    }
}
