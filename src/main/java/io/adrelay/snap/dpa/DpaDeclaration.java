package io.adrelay.snap.dpa;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.adrelay.common.InvalidInputException;
import org.apache.camel.spi.Resource;

/**
 * What the operator declares in routes/snap-campaigns.yaml: per Snap ad account, the dynamic templates and
 * the DPA campaigns with their ad squads, creatives and ads. Nothing is named by Snap id except the ad
 * account, pixels and media: a campaign names a catalog by its key in routes/snap-catalogs.yaml, ad squads,
 * creatives and product audiences name a product set of that catalog, a creative names a template of its
 * ad account, an ad names a creative of its campaign. Field names are the spec's wherever the spec has one.
 * Fields the spec fixes or that follow from others are filled in here when left out (billing_event
 * IMPRESSION, type SNAP_ADS, delivery_constraint from the budget, placement AUTOMATIC). A status left out
 * stays null: the object is created PAUSED, and later its status is whatever someone set at Snap.
 */
public record DpaDeclaration(List<AdAccount> adAccounts) {

    /** The only rendering URL the spec names for ios_url and android_url. */
    public static final String TEMPLATE_URL = "https://ads-interfaces.sc-cdn.net/adformats/templates/V2/index.html";
    static final String PAUSED = "PAUSED";

    /** The status an object is created with: the declared one, else PAUSED. */
    public static String statusAtCreation(String declared) {
        return declared == null ? PAUSED : declared;
    }

    public DpaDeclaration {
        adAccounts = orEmpty(adAccounts);
    }

    /** Nothing declared: nothing to provision. */
    public static DpaDeclaration empty() {
        return new DpaDeclaration(List.of());
    }

    /**
     * Reads and checks the file against the catalogs in force; a missing file declares nothing. A declaration
     * with any problem is refused whole: the exception lists every problem with the path of its field.
     */
    public static DpaDeclaration read(Path file, DeclaredProductSets catalogs) {
        return read(file, null, catalogs);
    }

    /** A declaration that is no file (a plan's body); its location names it in the problems. */
    public static DpaDeclaration read(Resource text, DeclaredProductSets catalogs) {
        return read(Path.of(text.getLocation()), text, catalogs);
    }

    /** As {@link #read(Path, DeclaredProductSets)}; when the file does not exist, the declaration packaged in the jar. */
    public static DpaDeclaration read(Path file, Resource packaged, DeclaredProductSets catalogs) {
        Problems problems = new Problems();
        DpaDeclaration declaration = DpaDeclarationReader.read(file, packaged, problems);
        DpaDeclarationCheck.check(declaration, catalogs, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Snap DPA declaration " + file + " refused, nothing provisioned", problems.list());
        }
        return declaration;
    }

    public record AdAccount(String adAccountId, List<DynamicTemplate> dynamicTemplates, List<Campaign> campaigns) {
        public AdAccount {
            dynamicTemplates = orEmpty(dynamicTemplates);
            campaigns = orEmpty(campaigns);
        }
    }

    public record DynamicTemplate(String name, String iosUrl, String androidUrl, String layout, List<String> textFields,
                                  String backgroundColor, List<String> preferredImageTags, List<Overlay> overlaySpecs) {
        public DynamicTemplate {
            iosUrl = iosUrl == null ? TEMPLATE_URL : iosUrl;
            androidUrl = androidUrl == null ? TEMPLATE_URL : androidUrl;
            preferredImageTags = orEmpty(preferredImageTags);
            overlaySpecs = orEmpty(overlaySpecs);
        }
    }

    public record Overlay(String type, String mediaId, String text, String position, Long opacity,
                          TextOverlay textOverlayProperties) {
    }

    public record TextOverlay(String shape, String shapeColor, String textColor) {
    }

    /** {@code catalog} is the catalog's key in routes/snap-catalogs.yaml (product_properties.catalog_id). */
    public record Campaign(String name, String catalog, String status, String startTime, String endTime,
                           Long dailyBudgetMicro, JsonNode measurementSpec, List<AdSquad> adSquads, List<Creative> creatives) {
        public Campaign {
            adSquads = orEmpty(adSquads);
            creatives = orEmpty(creatives);
        }
    }

    /**
     * {@code useCase} is PROSPECTING or RETARGETING (the spec: "Only retargeting and prospecting are supported
     * now"); it decides the optimization goals allowed and whether a pixel and product audiences are needed.
     * {@code productSet} names a product set of the campaign's catalog (product_properties.product_set_id).
     */
    public record AdSquad(String name, String useCase, String productSet, String pixelId, String status, String type,
                          String optimizationGoal, String billingEvent, String bidStrategy, Long bidMicro, Long roasValueMicro,
                          Long dailyBudgetMicro, Long lifetimeBudgetMicro, String deliveryConstraint, String pacingType,
                          JsonNode placementV2, String startTime, String endTime, Targeting targeting,
                          JsonNode capAndExclusionConfig, JsonNode adSchedulingConfig, String storyAdCreativeType,
                          List<String> measurementProviderNames, JsonNode eventSources, List<Ad> ads) {
        public AdSquad {
            type = type == null ? "SNAP_ADS" : type;
            billingEvent = billingEvent == null ? "IMPRESSION" : billingEvent;
            if (deliveryConstraint == null && (dailyBudgetMicro == null) != (lifetimeBudgetMicro == null)) {
                deliveryConstraint = dailyBudgetMicro != null ? "DAILY_BUDGET" : "LIFETIME_BUDGET";
            }
            placementV2 = placementV2 == null ? JsonNodeFactory.instance.objectNode().put("config", "AUTOMATIC") : placementV2;
            measurementProviderNames = orEmpty(measurementProviderNames);
            ads = orEmpty(ads);
        }
    }

    /** The spec's targeting: product_audiences modelled, every other targeting field (geos, ...) passed on as written. */
    public record Targeting(List<ProductAudience> productAudiences, @JsonAnySetter Map<String, JsonNode> otherFields) {
        public Targeting {
            otherFields = otherFields == null ? Map.of() : otherFields;
        }
    }

    /** {@code productSet} names a product set of the campaign's catalog. */
    public record ProductAudience(String productSet, String eventType, Long retentionSeconds, String operation) {
    }

    /**
     * Declared under the campaign whose ad squads use it (Snap keeps creatives per ad account, so names are
     * unique per ad account). {@code template} names a dynamic template of the ad account
     * (dynamic_render_properties.dynamic_template_id), {@code productSet} a product set of the campaign's catalog.
     */
    public record Creative(String name, String type, String template, String productSet, String headline,
                           String brandName, String callToAction, String urlMacroParameters) {

        /** The ad type Snap pairs with this creative type: a WEB_VIEW creative runs as a REMOTE_WEBPAGE ad. */
        public String adType() {
            return "WEB_VIEW".equals(type) ? "REMOTE_WEBPAGE" : type;
        }
    }

    /** {@code creative} names a creative of the campaign; the ad's type follows from it (Creative.adType). */
    public record Ad(String name, String creative, String status) {
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
