package io.adrelay.common.egress;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;

/**
 * The look an egress route takes when a call's answer was lost ({@link SentEffects}): it waits until a late
 * effect would show, then runs the flow's check (header {@link SentEffects#CHECK}) on the same exchange, the
 * request kept on it, what was found received into a variable; then found, not found, or cannot tell.
 */
public class LostAnswerCheck extends RouteBuilder {

    static final String URI = "direct:adrelay-check-effect";

    @Override
    public void configure() {
        RouteDefinition check = from(URI).routeId("adrelay-check-effect").errorHandler(noErrorHandler());
        check.delay(exchangeProperty(SentEffects.WAIT_MS)).syncDelayed();
        check.addOutput(new ToDynamicDefinition("${header." + SentEffects.CHECK + "}").variableReceive(SentEffects.CHECK_ANSWER));
        check.bean("sentEffects", "checked");
    }
}
