package io.adrelay.sandbox.apisync;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Ad accounts: read-only, given by an operator (ids come from Facebook or Google); campaigns are listed under one. */
final class AdAccountsResource extends ApisyncResource {

    AdAccountsResource() {
        super("ad-accounts");
    }

    @Override
    boolean writable() {
        return false;
    }

    @Override
    Map<String, String> children() {
        return Map.of("campaigns", "ad_account");
    }

    @Override
    void validate(ObjectNode attributes, ObjectNode links, List<ObjectNode> problems) {
        // never written by a client
    }
}
