package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class EgressCallTest {

    @Test
    void aNewRequestNamesNoEffectOfTheCallBeforeIt() {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        EgressCall.request(e, "POST", "/catalogs/1/product_sets", null, "{}");
        e.getIn().setHeader(SentEffects.EFFECT, "snap POST /catalogs/1/product_sets [Red]");
        e.getIn().setHeader(SentEffects.CHECK, "direct:snap-find-by-name");
        e.getIn().setHeader(SentEffects.BASELINE, "3");

        // an update sent next on the same exchange (a sync route's create, then its update)
        EgressCall.request(e, "PUT", "/catalogs/1/product_sets", null, "{}");

        assertEquals("PUT", e.getIn().getHeader(Exchange.HTTP_METHOD));
        assertNull(e.getIn().getHeader(SentEffects.EFFECT), "a PUT after a POST is not that POST's effect");
        assertNull(e.getIn().getHeader(SentEffects.CHECK));
        assertNull(e.getIn().getHeader(SentEffects.BASELINE));
    }
}
