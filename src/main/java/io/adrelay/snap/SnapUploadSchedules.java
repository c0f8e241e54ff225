package io.adrelay.snap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload schedule per feed declared in routes/snap-catalogs.yaml, each a route made from the
 * template {@value #TEMPLATE} with the id snap-upload-feed-&lt;feed&gt;: made at start, and made again to follow
 * each accepted reload of the declaration (a feed added gets its route, a removed one loses it, a
 * changed schedule is remade). The cron and time zone are the feed's own {@code schedule}, else
 * snap.feed.&lt;feed&gt;.cron / .time-zone when set, else snap.feed.cron / snap.feed.time-zone.
 */
public final class SnapUploadSchedules {

    static final String TEMPLATE = "snap-upload-feed-schedule";

    private static final Logger LOG = LoggerFactory.getLogger(SnapUploadSchedules.class);

    /** One feed's schedule. */
    record Schedule(String feed, String cron, String timeZone) {

        /** The template's parameters (a URI takes a cron's spaces as +). */
        Map<String, Object> parameters() {
            return Map.of("feed", feed, "cron", cron.trim().replace(' ', '+'), "timeZone", timeZone);
        }
    }

    private final CamelContext context;
    private final String cron;
    private final String timeZone;
    /** The schedules made, by route id. */
    private final Map<String, Schedule> made = new LinkedHashMap<>();

    SnapUploadSchedules(CamelContext context, String cron, String timeZone) {
        this.context = context;
        this.cron = cron;
        this.timeZone = timeZone;
    }

    static String routeId(String feed) {
        return "snap-upload-feed-" + feed;
    }

    /** At start: the declared schedules, added with the routes of this builder. */
    synchronized void declare(RouteBuilder builder, SnapDeclaration declaration) {
        wanted(declaration).forEach((id, schedule) -> {
            TemplatedRouteDefinition route = builder.templatedRoute(TEMPLATE).routeId(id);
            schedule.parameters().forEach((name, value) -> route.parameter(name, (String) value));
            made.put(id, schedule);
        });
    }

    /** After an accepted reload (the declaration is the body): the schedules follow it. */
    public synchronized void follow(SnapDeclaration declaration) throws Exception {
        Map<String, Schedule> wanted = wanted(declaration);
        ModelCamelContext model = (ModelCamelContext) context;
        for (String id : List.copyOf(made.keySet())) {
            if (!made.get(id).equals(wanted.get(id))) {
                RouteDefinition route = model.getRouteDefinition(id);
                if (route != null) {
                    model.removeRouteDefinition(route);
                }
                made.remove(id);
                LOG.info("Snap upload schedule {} removed", id);
            }
        }
        for (Map.Entry<String, Schedule> schedule : wanted.entrySet()) {
            if (!made.containsKey(schedule.getKey())) {
                TemplatedRouteBuilder.builder(context, TEMPLATE).routeId(schedule.getKey()).parameters(schedule.getValue().parameters()).add();
                made.put(schedule.getKey(), schedule.getValue());
                LOG.info("Snap upload schedule {} added: {} ({})", schedule.getKey(), schedule.getValue().cron(), schedule.getValue().timeZone());
            }
        }
    }

    private Map<String, Schedule> wanted(SnapDeclaration declaration) {
        Map<String, Schedule> wanted = new LinkedHashMap<>();
        declaration.catalogs().stream().flatMap(c -> c.feeds().stream()).forEach(feed -> wanted.put(routeId(feed.key()), new Schedule(
                feed.key(), orSetting(feed.cron(), "snap.feed." + feed.key() + ".cron", cron),
                orSetting(feed.timeZone(), "snap.feed." + feed.key() + ".time-zone", timeZone))));
        return wanted;
    }

    private String orSetting(String declared, String key, String fallback) {
        return !declared.isEmpty() ? declared : context.getPropertiesComponent().resolveProperty(key).orElse(fallback);
    }
}
