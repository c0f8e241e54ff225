package io.adrelay.snap;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;

/**
 * The steps of routes/snap-egress.camel.yaml's list route (bean snapLists): every entity of a Snap collection,
 * page by page through paging.next_link. What to list is set before ({@link #of}); what was listed is the
 * exchange property {@link #LISTED}, started afresh each time the route runs (a retried listing never adds twice).
 */
public class SnapLists {

    /** Exchange properties: the collection, Snap's plural of it, the next page's query, what the pages held. */
    public static final String PATH = "AdrelaySnapListPath";
    public static final String PLURAL = "AdrelaySnapListPlural";
    static final String NEXT_PAGE = "AdrelaySnapNextPage";
    public static final String LISTED = "AdrelaySnapListed";
    private static final int PAGE = 100;

    /** What the next run of the list route lists. */
    public static void of(Exchange e, String path, String plural) {
        e.setProperty(PATH, path);
        e.setProperty(PLURAL, plural);
    }

    /** Starts at the first page, with nothing listed. */
    public void first(Exchange e) {
        e.setProperty(LISTED, new ArrayList<JsonNode>());
        e.setProperty(NEXT_PAGE, "limit=" + PAGE);
    }

    public void nextPage(Exchange e) {
        EgressCall.get(e, e.getProperty(PATH, String.class), e.getProperty(NEXT_PAGE, String.class));
    }

    /** Keeps the page's entities; the next page is Snap's next_link, when it gives one. */
    public void collect(Exchange e) {
        String plural = e.getProperty(PLURAL, String.class);
        JsonNode page = EgressCall.json(e);
        listed(e).addAll(SnapItems.of(page, plural, plural.substring(0, plural.length() - 1)).stream().map(SnapItems.Item::entity).toList());
        String next = page.path("paging").path("next_link").asText("");
        e.setProperty(NEXT_PAGE, next.isEmpty() ? null : URI.create(next).getRawQuery());
    }

    @SuppressWarnings("unchecked")
    public static List<JsonNode> listed(Exchange e) {
        return e.getProperty(LISTED, List.class);
    }
}
