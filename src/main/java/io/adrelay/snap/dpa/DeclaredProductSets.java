package io.adrelay.snap.dpa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.adrelay.snap.SnapDeclaration;

/** What a DPA declaration may refer to in the catalog declaration in force: catalog keys and their product set names. */
public record DeclaredProductSets(Map<String, Set<String>> setsByCatalog) {

    public static DeclaredProductSets of(SnapDeclaration catalogs) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        catalogs.catalogs().forEach(catalog -> sets.put(catalog.key(),
                catalog.productSets().stream().map(SnapDeclaration.ProductSet::name).collect(Collectors.toUnmodifiableSet())));
        return new DeclaredProductSets(Map.copyOf(sets));
    }

    boolean hasCatalog(String key) {
        return setsByCatalog.containsKey(key);
    }

    /** A required reference to a product set of the catalog; not looked up when the catalog itself is unknown (null). */
    void checkSet(Problems problems, String path, String catalogKey, String setName) {
        if (problems.required(path, setName) && catalogKey != null
                && !setsByCatalog.getOrDefault(catalogKey, Set.of()).contains(setName)) {
            problems.add(path, "no product set named " + setName + " in catalog " + catalogKey);
        }
    }
}
