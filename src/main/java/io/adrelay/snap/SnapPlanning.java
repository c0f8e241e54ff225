package io.adrelay.snap;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.snap.dpa.DpaCampaigns;
import io.adrelay.snap.dpa.DpaDeclaration;
import io.adrelay.snap.dpa.DeclaredProductSets;
import org.apache.camel.Exchange;
import org.apache.camel.support.ResourceHelper;

/**
 * The steps of POST /ops/snap/plan (bean snapPlanning): what provisioning both Snap declarations would do, object by
 * object, without doing it. No body plans the saved files; a body is one declaration (a snap-catalogs.yaml, starting
 * with catalogs:, or a snap-campaigns.yaml, with ad_accounts:) planned in place of its saved file. Nothing is put in
 * force, sent (but reads) or written.
 */
public final class SnapPlanning {

    /** Where a plan's body is said to come from, in its problems. */
    static final String BODY = "POST /ops/snap/plan";
    private static final Pattern CATALOGS = Pattern.compile("(?m)^catalogs\\s*:");
    private static final Pattern CAMPAIGNS = Pattern.compile("(?m)^ad_accounts\\s*:");
    private static final String TEXT = "AdrelaySnapPlanBody";
    private static final String CATALOGS_DECLARATION = "AdrelaySnapPlanCatalogs";

    private final SnapCatalogs catalogs;
    private final DpaCampaigns campaigns;

    SnapPlanning(SnapCatalogs catalogs, DpaCampaigns campaigns) {
        this.catalogs = catalogs;
        this.campaigns = campaigns;
    }

    /** The catalogs declaration to plan (the body's, or the saved one), or null when it is refused (the plan says why). */
    public SnapDeclaration catalogs(Exchange e) {
        byte[] body = e.getIn().getBody(byte[].class);
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (body != null && body.length > SnapDeclaration.MAX_FILE_BYTES) {
            throw new RequestRejectedException(413, "a declaration is at most " + SnapDeclaration.MAX_FILE_BYTES + " bytes");
        }
        if (!text.isBlank() && !CATALOGS.matcher(text).find() && !CAMPAIGNS.matcher(text).find()) {
            throw new RequestRejectedException(400, "the body is no Snap declaration: a snap-catalogs.yaml starts with"
                    + " 'catalogs:', a snap-campaigns.yaml with 'ad_accounts:' (no body plans the saved files)");
        }
        e.setProperty(TEXT, text);
        SnapPlan plan = new SnapPlan(catalogs.state().copy());
        e.setProperty(SnapPlan.PROPERTY, plan);
        e.setProperty(Flow.DRY_RUN, true);
        e.setProperty(Flow.API, "snap");
        boolean fromBody = CATALOGS.matcher(text).find();
        try {
            SnapDeclaration declaration = fromBody ? SnapDeclaration.read(ResourceHelper.fromString(BODY, text)) : catalogs.readSaved();
            e.setProperty(CATALOGS_DECLARATION, declaration);
            return declaration;
        } catch (InvalidInputException refused) {
            refused(plan, CatalogSync.DECLARATION, fromBody ? BODY : catalogs.source(), refused);
            return null;
        }
    }

    /** The campaigns declaration to plan, checked against the catalogs planned; null when it is refused. */
    public DpaDeclaration campaigns(Exchange e) {
        String text = e.getProperty(TEXT, String.class);
        SnapPlan plan = SnapPlan.of(e);
        DeclaredProductSets sets = DeclaredProductSets.of(e.getProperty(CATALOGS_DECLARATION, SnapDeclaration.class));
        boolean fromBody = CAMPAIGNS.matcher(text).find();
        try {
            return fromBody ? DpaDeclaration.read(ResourceHelper.fromString(BODY, text), sets) : campaigns.readSaved(sets);
        } catch (InvalidInputException refused) {
            refused(plan, "campaigns", fromBody ? BODY : campaigns.file().toString(), refused);
            return null;
        }
    }

    /** 200: each object's step, and per declaration the summary line its run would log. */
    public void answer(Exchange e) {
        SnapPlan plan = SnapPlan.of(e);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("summary", Json.MAPPER.valueToTree(plan.summaries()));
        answer.set("objects", Json.MAPPER.valueToTree(plan.steps()));
        WebhookResponses.reply(e, 200, answer);
    }

    /** 502 with Snap's own error, after the reads were retried like every call. */
    public void unanswered(Exchange e) {
        SnapResponse.unanswered(e, "the reads of a plan");
    }

    /** A declaration refused whole: one step naming every problem with its path, and nothing else planned of it. */
    private static void refused(SnapPlan plan, String declaration, String source, InvalidInputException refused) {
        List<String> problems = refused.problems().isEmpty() ? List.of(refused.getMessage()) : refused.problems();
        problems.forEach(problem -> plan.refused(declaration, "declaration", source, problem));
        plan.summary(declaration, refused.getMessage());
    }
}
