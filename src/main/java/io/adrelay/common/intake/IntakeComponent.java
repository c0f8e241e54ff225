package io.adrelay.common.intake;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code intake:<queue>}, e.g. {@code intake:statlas/events}: the stored requests of one intake queue as exchanges, in
 * every profile, whichever store the queue has (files, PostgreSQL: the registry's {@code intakeStores}, bound by
 * runtime/RuntimeSetup). Found by its service file, so that a route file's check makes its endpoints in a scratch
 * context too; the store is looked up only when a consumer starts. A consumer only (the webhooks store requests through
 * their flow's beans). See {@link IntakeConsumer}.
 */
public class IntakeComponent extends DefaultComponent {

    public static final String SCHEME = "intake";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || !remaining.matches("[a-z0-9-]+(/[a-z0-9-]+)*")) {
            throw new IllegalArgumentException("intake: needs a queue's name, such as intake:statlas/events, not \"" + remaining + "\"");
        }
        IntakeEndpoint endpoint = new IntakeEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
