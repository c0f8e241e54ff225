package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.invalid;
import static io.adrelay.sandbox.apisync.ApisyncErrors.problem;
import static io.adrelay.sandbox.apisync.ApisyncErrors.required;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Campaigns: a service (facebook-ads or google-ads) matching their ad account's; ad sets are listed under one. */
final class CampaignsResource extends ApisyncResource {

    private static final Set<String> SERVICES = Set.of("facebook-ads", "google-ads");

    private final ApisyncStore store;

    CampaignsResource(ApisyncStore store) {
        super("campaigns");
        this.store = store;
    }

    @Override
    Map<String, String> children() {
        return Map.of("ad-sets", "campaign");
    }

    @Override
    void validate(ObjectNode a, ObjectNode links, List<ObjectNode> problems) {
        String service = a.path("service").asText(null);
        if (service == null) {
            problems.add(required("service"));
        } else if (!SERVICES.contains(service)) {
            problems.add(invalid("service", "service is facebook-ads or google-ads"));
            service = null;
        }
        state(a, problems);
        ApisyncEntry account = store.related("ad-accounts", links, "ad_account", problems);
        if (account != null && service != null && !service.equals(account.attribute("service"))) {
            problems.add(problem(422, "invalid", "Invalid relationship", "Ad account " + account.id()
                    + " is on " + account.attribute("service") + ", not " + service + ".", "/data/relationships/ad_account"));
        }
    }
}
