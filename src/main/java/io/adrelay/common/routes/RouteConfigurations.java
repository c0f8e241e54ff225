package io.adrelay.common.routes;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.adrelay.common.RunNotes;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import io.adrelay.common.Flow;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.inbox.FileErrorReason;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.StorageException;

/**
 * The error-handling configurations every route picks by id, Java and YAML alike:
 * {@code http-api} (retry, then dead letter), {@code file-drop} (retry, then .error/ with a
 * reason file; a file waits in its inbox while the disk is full), {@code webhook} (4xx/5xx with
 * a JSON reason, never a stack trace) and {@code egress} (none: a step of a call another route makes, whose
 * handling applies). A route without an id gets all of them (Camel applies every configuration then): every
 * route but a REST verb's names one.
 */
public class RouteConfigurations extends RouteConfigurationBuilder {

    private static final String QUIET_REDELIVERY = "adrelayQuietRedelivery";

    @Override
    public void configuration() {
        // looked up at the first failure: the configurations are in place before the route files are loaded (their
        // routes are prepared with them), which is before these beans are bound
        Supplier<RetryPolicy> retry = bean(RetryPolicy.class);
        Supplier<DeadLetterStore> deadLetters = bean(DeadLetterStore.class);

        // a full disk is not the API's failure: no dead letter (it could not be written either); the input
        // stays where it is (queue file, inbox file, next timer tick) and is taken again once there is space
        RouteConfigurationDefinition httpApi = routeConfiguration("http-api");
        httpApi.onException(StorageException.class)
                .handled(false).logExhausted(false).logStackTrace(false).logHandled(false);
        httpApi.onException(Exception.class)
                    .retryWhile(exchange -> retry.get().shouldRetry(exchange))
                    .logRetryAttempted(false).logExhausted(false).logHandled(false)
                    // cut short by a stop: not handled, no dead letter; its input is taken again at the next start.
                    // A dry run (a plan) stores nothing: its caller answers the failure
                    .handled(exchange -> !RetryPolicy.cutShortByStop(exchange) && !dryRun(exchange))
                    .process(exchange -> {
                        if (RetryPolicy.cutShortByStop(exchange) || dryRun(exchange)) {
                            return;
                        }
                        String id = deadLetters.get().write(exchange);
                        exchange.setProperty(Flow.DEAD_LETTER_ID, id);
                        // a job run lists the dead letters it made (those of exchanges it sent, too)
                        RunNotes.current().ifPresent(run -> run.deadLettered(id));
                    });

        // the logging options of a refused drop or webhook as one policy looked up by name: options given inline are
        // parsed into a new policy at every failure, a fifth of the CPU a refused drop costs
        RedeliveryPolicy quiet = new RedeliveryPolicy();
        quiet.setLogRetryAttempted(false);
        quiet.setLogExhausted(false);
        quiet.setLogStackTrace(false);
        quiet.setLogHandled(false);
        getContext().getRegistry().bind(QUIET_REDELIVERY, quiet);
        routeConfiguration("file-drop")
                .onException(Exception.class)
                    .retryWhile(exchange -> retry.get().shouldRetry(exchange))
                    .redeliveryPolicyRef(QUIET_REDELIVERY)
                    // not handled: the consumer rolls back; FileErrorReason has moved the file to .error/, unless
                    // the disk refused a write, and then the file stays where it is for a later poll
                    .handled(false)
                    .process(new FileErrorReason(deadLetters))
                .end();

        // a step of another route's call (the check of a lost answer): no handling of its own, the caller's applies
        routeConfiguration("egress").errorHandler(noErrorHandler());

        // one statement per clause: chained after end(), a second onException would nest in the first
        RouteConfigurationDefinition webhook = routeConfiguration("webhook");
        webhook.onException(RequestRejectedException.class)
                .handled(true).redeliveryPolicyRef(QUIET_REDELIVERY)
                .process(WebhookResponses::rejected);
        webhook.onException(Exception.class)
                .handled(true).redeliveryPolicyRef(QUIET_REDELIVERY)
                .process(WebhookResponses::failed);
    }

    private static boolean dryRun(org.apache.camel.Exchange exchange) {
        return exchange.getProperty(Flow.DRY_RUN, false, Boolean.class);
    }

    /** The registry's one bean of this type, looked up once, when first asked for. */
    private <T> Supplier<T> bean(Class<T> type) {
        AtomicReference<T> found = new AtomicReference<>();
        return () -> found.updateAndGet(known -> known != null ? known : getContext().getRegistry().findSingleByType(type));
    }

}
