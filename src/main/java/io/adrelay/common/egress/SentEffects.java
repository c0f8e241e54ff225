package io.adrelay.common.egress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.storage.ledger.CallsInDoubt;

/**
 * Exactly once through lost answers (bean "sentEffects", steps of the egress template). None of the APIs
 * documents an idempotency key, so a create, deliver or upload whose answer never came (a read timeout, a
 * connection closed after the request went out, a crash) may or may not have happened. A call that names
 * its effect (header {@link #EFFECT}) and how to look for it (header {@link #CHECK}, a {@code direct:} route)
 * is remembered ({@link CallsInDoubt}) while it is out; when its answer is lost, or a later attempt finds it still
 * remembered, the egress waits until the effect would show even if the API acted late ({@code check-after}
 * from the send, at least the read timeout), then runs the check: found, the call is answered with what was
 * found (the flow reports it as made); not found, it is sent again; cannot tell, it fails for good with a
 * reason rather than risk doing it twice.
 */
public class SentEffects {

    /** Header: what the call does, stable across attempts (e.g. "statlas-deliver BAT001"); absent: nothing to check. */
    public static final String EFFECT = "AdrelayEffect";
    /** Header: the route that looks whether the effect happened; it sets {@link #FOUND} and answers as the API would have. */
    public static final String CHECK = "AdrelayEffectCheck";
    /** Header: what the check compares against, as it was before the first send (kept with the remembered call). */
    public static final String BASELINE = "AdrelayEffectBaseline";
    /** Exchange property the check sets: yes, no or unknown. */
    public static final String FOUND = "AdrelayEffectFound";
    /** Exchange property the check may set: the HTTP status its answer stands for (201 for a found create). */
    public static final String FOUND_STATUS = "AdrelayEffectStatus";
    /** Exchange properties for the check: when the remembered call was sent, and its baseline. */
    public static final String SENT_AT = "AdrelayEffectSentAt";
    public static final String SENT_BASELINE = "AdrelayEffectSentBaseline";
    /** Exchange property: milliseconds until the check may run. */
    public static final String WAIT_MS = "AdrelayEffectWaitMs";
    /** Exchange property: this call was sent before a stop and its answer never seen: it is checked first. */
    public static final String RECALLED = "AdrelayEffectRecalled";
    /** Exchange property: the call is answered by what the check found; nothing is sent. */
    public static final String TAKEN = "AdrelayEffectTaken";
    /** Variable the check's answer is received into (the request stays on the message meanwhile). */
    public static final String CHECK_ANSWER = "effectCheck";

    private static final String LOST = "AdrelayEffectLost";
    /** Exchange property: this call's request is about to leave (set just before it is sent). */
    private static final String SENDING = "AdrelayEffectSending";
    private static final Logger LOG = LoggerFactory.getLogger(SentEffects.class);

    private final CallsInDoubt calls;
    private final Duration checkAfter;

    public SentEffects(CallsInDoubt calls, Duration checkAfter) {
        this.calls = calls;
        this.checkAfter = checkAfter;
    }

    /** Before a call: a remembered send of the same effect (its answer lost before a stop) is checked first. */
    public void recall(Exchange e) {
        e.removeProperty(TAKEN);
        e.removeProperty(RECALLED);
        String effect = effectOf(e);
        if (effect == null) {
            // a GET (a check's own calls among them) leaves the state of the call being checked alone
            return;
        }
        for (String property : new String[] {FOUND, FOUND_STATUS, SENT_AT, SENT_BASELINE, WAIT_MS, LOST, SENDING}) {
            e.removeProperty(property);
        }
        Optional<ObjectNode> remembered = calls.find(effect);
        if (remembered.isEmpty()) {
            return;
        }
        ObjectNode sent = remembered.get();
        Instant at = Instant.parse(sent.path("sent_at").asText());
        prepareCheck(e, at, sent.path("baseline").asText(null));
        e.setProperty(RECALLED, true);
        LOG.warn("{}: sent at {} and its answer was lost (adrelay stopped meanwhile); looking whether it happened before sending again",
                effect, at);
    }

    /** Just before the call goes out: remembered until its answer comes. */
    public void sending(Exchange e) {
        String effect = effectOf(e);
        if (effect == null) {
            return;
        }
        ObjectNode sent = Json.MAPPER.createObjectNode().put("effect", effect).put("sent_at", Instant.now().toString())
                .put("request", e.getProperty(Flow.REQUEST, String.class));
        String baseline = e.getIn().getHeader(BASELINE, String.class);
        if (baseline != null) {
            sent.put("baseline", baseline);
        }
        e.setProperty(SENT_AT, Instant.parse(sent.path("sent_at").asText()));
        e.setProperty(SENT_BASELINE, baseline);
        calls.remember(effect, sent);
        e.setProperty(SENDING, true);
    }

    /** The API answered (whatever it said): the call is no longer in doubt. */
    public void answered(Exchange e) {
        forget(effectOf(e));
    }

    /**
     * The call failed without an answer. Not sent at all (no connection), or nothing to check: the failure goes
     * to the caller's retries as it is. Sent: the check runs once a late effect would show.
     */
    public void lost(Exchange e) throws Exception {
        Exception failure = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String effect = effectOf(e);
        if (effect == null || e.getProperty(SENDING) == null || neverSent(failure)) {
            forget(effect);
            throw failure;
        }
        e.setProperty(LOST, failure);
        prepareCheck(e, e.getProperty(SENT_AT, Instant.class), e.getProperty(SENT_BASELINE, String.class));
        LOG.warn("{}: no answer ({}); looking in {} s whether it happened before sending again", effect, failure.getMessage(),
                e.getProperty(WAIT_MS, Long.class) / 1000);
    }

    /** After the check: found, the call is answered with it; not found, sent (again); cannot tell, a final failure. */
    public void checked(Exchange e) throws Exception {
        String effect = effectOf(e);
        String found = e.getProperty(FOUND, "unknown", String.class);
        forget(effect);
        switch (found) {
            case "yes" -> {
                LOG.warn("{}: it happened although its answer was lost; not sent again", effect);
                e.setProperty(TAKEN, true);
                Object answer = e.getVariable(CHECK_ANSWER);
                e.getIn().setBody(answer instanceof com.fasterxml.jackson.databind.JsonNode json ? json.toString() : answer);
                e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, e.getProperty(FOUND_STATUS, 200, Integer.class));
                e.getIn().removeHeader("Retry-After");
            }
            case "no" -> {
                LOG.info("{}: not found after its answer was lost; sending it again", effect);
                Exception lost = e.getProperty(LOST, Exception.class);
                if (lost != null) {
                    throw lost;
                }
            }
            default -> throw new LostAnswerException(effect + ": its answer was lost and the API offers no way to tell whether it"
                    + " happened; not sent again so that it cannot happen twice. Look at the API, then replay (or drop the file"
                    + " again) if it is missing");
        }
    }

    /** The one failure that is final although no API refused anything. */
    public static class LostAnswerException extends RuntimeException {
        public LostAnswerException(String message) {
            super(message);
        }
    }

    private void prepareCheck(Exchange e, Instant sentAt, String baseline) {
        e.setProperty(SENT_AT, sentAt);
        e.setProperty(SENT_BASELINE, baseline);
        e.setProperty(WAIT_MS, Math.max(0, Duration.between(Instant.now(), sentAt.plus(checkAfter)).toMillis()));
    }

    /** Failures that happen before a request leaves: nothing can have been done. */
    static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return true;
            }
            if (t instanceof InterruptedIOException || t instanceof IOException) {
                return false;
            }
        }
        return false;
    }

    /** The effect a non-GET call names; GETs change nothing (a check's own calls included). */
    private static String effectOf(Exchange e) {
        String effect = e.getIn().getHeader(EFFECT, String.class);
        String method = e.getIn().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        return effect == null || effect.isBlank() || "GET".equals(method) ? null : effect;
    }

    private void forget(String effect) {
        if (effect == null) {
            return;
        }
        calls.forget(effect);
    }
}
