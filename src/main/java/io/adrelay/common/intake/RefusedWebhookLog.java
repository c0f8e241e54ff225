package io.adrelay.common.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.config.MaskingMessageConverter;
import io.adrelay.common.config.SecretMasker;

/**
 * One WARN line per refused webhook (status, reason, source address; never the body or a secret), at most
 * {@code limit} lines a minute per status so a flood cannot fill the disk: the rest are counted, and one line says
 * how many once the minute is over (checked every 10 s) or when adrelay stops.
 */
public final class RefusedWebhookLog extends ServiceSupport implements CamelContextAware {

    /** Its name in the registry. */
    public static final String BEAN = "refusedWebhooks";
    static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RefusedWebhookLog.class);
    private static final int MAX_REASON = 200;

    private final int limit;
    private final Clock clock;
    private final Map<Integer, Window> windows = new TreeMap<>();
    private final List<String> pending = new ArrayList<>();
    private CamelContext context;
    private ScheduledExecutorService timer;

    /** The lines of one status in one minute. */
    private static final class Window {
        final Instant start;
        int logged;
        int unlogged;

        Window(Instant start) {
            this.start = start;
        }
    }

    public RefusedWebhookLog(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Logs the refusal, unless its status has had its lines this minute. */
    public void refused(String webhook, int status, String reason, String source) {
        unlogged(false).forEach(LOG::warn);
        line(webhook, status, reason, source).ifPresent(LOG::warn);
    }

    /** The line for this refusal, or empty when its status has had {@code limit} lines this minute (then it is counted). */
    synchronized Optional<String> line(String webhook, int status, String reason, String source) {
        Instant now = clock.instant();
        Window window = windows.get(status);
        if (window == null || over(window, now)) {
            if (window != null && window.unlogged > 0) {
                pending.add(summary(status, window));
            }
            window = new Window(now);
            windows.put(status, window);
        }
        if (window.logged >= limit) {
            window.unlogged++;
            return Optional.empty();
        }
        window.logged++;
        return Optional.of("Webhook " + webhook + " refused with " + status + " (" + shown(reason) + ") from "
                + (source == null || source.isBlank() ? "unknown" : source));
    }

    /** How many refusals were not logged, per status whose minute is over ({@code all}: every status, at a stop). */
    synchronized List<String> unlogged(boolean all) {
        List<String> lines = new ArrayList<>(pending);
        pending.clear();
        Instant now = clock.instant();
        for (Iterator<Map.Entry<Integer, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Window> entry = it.next();
            if (all || over(entry.getValue(), now)) {
                if (entry.getValue().unlogged > 0) {
                    lines.add(summary(entry.getKey(), entry.getValue()));
                }
                it.remove();
            }
        }
        return lines;
    }

    private String summary(int status, Window window) {
        return window.unlogged + " more refused webhook(s) with status " + status + " were not logged in the minute from "
                + window.start + " (at most " + limit + " lines a minute per status)";
    }

    private static boolean over(Window window, Instant now) {
        return !now.isBefore(window.start.plus(MINUTE));
    }

    /** The reason up to its first colon (what follows may quote the body), masked, one line, bounded. */
    private static String shown(String reason) {
        String text = reason == null ? "refused" : reason;
        int colon = text.indexOf(':');
        text = SecretMasker.mask(colon < 0 ? text : text.substring(0, colon)).strip();
        text = MaskingMessageConverter.escapeControls(text);
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "adrelay-refused-webhooks");
        timer.scheduleWithFixedDelay(() -> unlogged(false).forEach(LOG::warn), 10, 10, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
        }
        unlogged(true).forEach(LOG::warn);
    }
}
