package io.adrelay.snap.dpa;

import java.util.List;

import io.adrelay.snap.dpa.DpaDeclaration.AdSquad;
import io.adrelay.snap.dpa.DpaDeclaration.ProductAudience;
import io.adrelay.snap.dpa.DpaDeclaration.Targeting;

/** The spec's DPA ad squad: its attribute table, product_properties and product_audiences, prospecting and retargeting. */
final class AdSquadCheck {

    static final String PROSPECTING = "PROSPECTING";
    static final String RETARGETING = "RETARGETING";
    static final List<String> USE_CASES = List.of(PROSPECTING, RETARGETING);
    static final List<String> TYPES = List.of("SNAP_ADS");
    static final List<String> BILLING_EVENTS = List.of("IMPRESSION");
    static final List<String> PROSPECTING_GOALS = List.of("IMPRESSIONS", "SWIPES", "APP_INSTALLS", "VIDEO_VIEWS",
            "VIDEO_VIEWS_15_SEC", "PIXEL_PAGE_VIEW", "PIXEL_ADD_TO_CART", "PIXEL_PURCHASE", "PIXEL_SIGNUP", "APP_ADD_TO_CART",
            "APP_PURCHASE", "APP_SIGNUP");
    /** As the spec spells them: APP_SIGN_UP for re-targeting where prospecting has APP_SIGNUP. */
    static final List<String> RETARGETING_GOALS = List.of("PIXEL_PURCHASE", "PIXEL_PAGE_VIEW", "PIXEL_ADD_TO_CART",
            "APP_PURCHASE", "APP_SIGN_UP", "APP_ADD_TO_CART", "SWIPES");
    static final List<String> BID_STRATEGIES = List.of("AUTO_BID", "LOWEST_COST_WITH_MAX_BID", "MIN_ROAS", "TARGET_COST");
    /** The strategies whose bid_micro is the cap or the target; AUTO_BID (the prospecting example sends no bid) and MIN_ROAS bid alone. */
    static final List<String> STRATEGIES_WITH_BID = List.of("LOWEST_COST_WITH_MAX_BID", "TARGET_COST");
    static final long MIN_BID_MICRO = 10_000;
    static final long MAX_BID_MICRO = 1_000_000_000;
    /** "Minimum value 5000000 across all supported currencies" */
    static final long MIN_DAILY_BUDGET_MICRO = 5_000_000;
    static final List<String> PACING_TYPES = List.of("STANDARD", "ACCELERATED");
    static final List<String> MEASUREMENT_PROVIDERS = List.of("MOAT_SS", "DOUBLEVERIFY");
    static final List<String> STORY_AD_CREATIVE_TYPES = List.of("APP_INSTALL", "WEB_VIEW", "DEEP_LINK");
    /** "Only PAGE_VIEW, VIEW_CONTENT, ADD_CART, PURCHASE are supported" */
    static final List<String> EVENT_TYPES = List.of("PAGE_VIEW", "VIEW_CONTENT", "ADD_CART", "PURCHASE");
    static final List<String> OPERATIONS = List.of("INCLUDE", "EXCLUDE");
    static final long MIN_RETENTION_SECONDS = 86_400;
    static final long MAX_RETENTION_SECONDS = 2_592_000;

    private final Problems problems;
    private final DeclaredProductSets catalogs;
    /** The campaign's catalog key; null when it is unknown (reported on the campaign), then sets are not looked up. */
    private final String catalog;

    AdSquadCheck(Problems problems, DeclaredProductSets catalogs, String catalog) {
        this.problems = problems;
        this.catalogs = catalogs;
        this.catalog = catalog;
    }

    void check(AdSquad squad, String at) {
        problems.required(at + ".name", squad.name());
        problems.requiredOneOf(at + ".use_case", squad.useCase(), USE_CASES);
        catalogs.checkSet(problems, at + ".product_set", catalog, squad.productSet());
        problems.oneOf(at + ".status", squad.status(), DpaDeclarationCheck.STATUSES);
        problems.oneOf(at + ".type", squad.type(), TYPES);
        problems.oneOf(at + ".billing_event", squad.billingEvent(), BILLING_EVENTS);
        optimizationGoal(squad, at);
        pixel(squad, at);
        bid(squad, at);
        budget(squad, at);
        problems.oneOf(at + ".pacing_type", squad.pacingType(), PACING_TYPES);
        if (!squad.placementV2().isObject() || !squad.placementV2().path("config").isTextual()) {
            problems.add(at + ".placement_v2", "a mapping with a config, such as {config: AUTOMATIC}");
        }
        problems.endsAfterStart(at, squad.startTime(), squad.endTime());
        problems.oneOf(at + ".story_ad_creative_type", squad.storyAdCreativeType(), STORY_AD_CREATIVE_TYPES);
        problems.each(at + ".measurement_provider_names", squad.measurementProviderNames(),
                (name, nameAt) -> problems.oneOf(nameAt, name, MEASUREMENT_PROVIDERS));
        if (problems.required(at + ".targeting", squad.targeting())) {
            productAudiences(squad, at + ".targeting");
        }
    }

    private void optimizationGoal(AdSquad squad, String at) {
        if (!problems.required(at + ".optimization_goal", squad.optimizationGoal())) {
            return;
        }
        if (PROSPECTING.equals(squad.useCase())) {
            problems.oneOf(at + ".optimization_goal", squad.optimizationGoal(), PROSPECTING_GOALS);
        } else if (RETARGETING.equals(squad.useCase())) {
            problems.oneOf(at + ".optimization_goal", squad.optimizationGoal(), RETARGETING_GOALS);
        }
    }

    /**
     * "Retargeting requires that you have a Pixel activated and associated with the Ad Squad"; a PIXEL_* goal
     * optimizes for events only a pixel reports, so it needs one too (adrelay's reading of "having a pixel
     * however will allow you to track PIXEL_PURCHASE events").
     */
    private void pixel(AdSquad squad, String at) {
        if (squad.pixelId() == null) {
            if (RETARGETING.equals(squad.useCase())) {
                problems.add(at + ".pixel_id", "required for retargeting");
            } else if (squad.optimizationGoal() != null && squad.optimizationGoal().startsWith("PIXEL_")) {
                problems.add(at + ".pixel_id", "required for optimization_goal " + squad.optimizationGoal());
            }
        }
        problems.snapId(at + ".pixel_id", squad.pixelId());
    }

    private void bid(AdSquad squad, String at) {
        String strategy = squad.bidStrategy();
        problems.requiredOneOf(at + ".bid_strategy", strategy, BID_STRATEGIES);
        if (squad.bidMicro() == null && Problems.in(strategy, STRATEGIES_WITH_BID)) {
            problems.add(at + ".bid_micro", "required with bid_strategy " + strategy);
        }
        problems.within(at + ".bid_micro", squad.bidMicro(), MIN_BID_MICRO, MAX_BID_MICRO);
        // "R if BidStrategy = MIN_ROAS"; given with another strategy it would be ignored, so it is a mistake
        if (squad.roasValueMicro() == null && "MIN_ROAS".equals(strategy)) {
            problems.add(at + ".roas_value_micro", "required with bid_strategy MIN_ROAS");
        } else if (squad.roasValueMicro() != null && strategy != null && !"MIN_ROAS".equals(strategy)) {
            problems.add(at + ".roas_value_micro", "only with bid_strategy MIN_ROAS (is " + strategy + ")");
        }
        problems.atLeast(at + ".roas_value_micro", squad.roasValueMicro(), 1);
    }

    /** "one of daily_budget_micro or lifetime_budget_micro must be set"; delivery_constraint names which. */
    private void budget(AdSquad squad, String at) {
        Long daily = squad.dailyBudgetMicro();
        Long lifetime = squad.lifetimeBudgetMicro();
        if ((daily == null) == (lifetime == null)) {
            problems.add(at + ".daily_budget_micro", "exactly one of daily_budget_micro or lifetime_budget_micro");
        }
        problems.atLeast(at + ".daily_budget_micro", daily, MIN_DAILY_BUDGET_MICRO);
        problems.atLeast(at + ".lifetime_budget_micro", lifetime, 1);
        String constraint = squad.deliveryConstraint();
        problems.oneOf(at + ".delivery_constraint", constraint, List.of("DAILY_BUDGET", "LIFETIME_BUDGET"));
        if ("DAILY_BUDGET".equals(constraint) && daily == null || "LIFETIME_BUDGET".equals(constraint) && lifetime == null) {
            problems.add(at + ".delivery_constraint", constraint + " needs "
                    + ("DAILY_BUDGET".equals(constraint) ? "daily_budget_micro" : "lifetime_budget_micro"));
        }
    }

    /**
     * "Must contain product_audiences array for retargeting"; "For retargeting, product_set must match
     * product_set_id on the Ad Squad". Prospecting audiences (optional) name any set of the catalog.
     */
    private void productAudiences(AdSquad squad, String at) {
        Targeting targeting = squad.targeting();
        List<ProductAudience> audiences = targeting.productAudiences() == null ? List.of() : targeting.productAudiences();
        boolean retargeting = RETARGETING.equals(squad.useCase());
        if (retargeting && audiences.isEmpty()) {
            problems.add(at + ".product_audiences", "required for retargeting");
        }
        problems.each(at + ".product_audiences", audiences, (audience, audienceAt) -> {
            catalogs.checkSet(problems, audienceAt + ".product_set", catalog, audience.productSet());
            if (retargeting && audience.productSet() != null && !audience.productSet().equals(squad.productSet())) {
                problems.add(audienceAt + ".product_set", audience.productSet()
                        + " is not the ad squad's product set " + squad.productSet() + " (retargeting)");
            }
            problems.requiredOneOf(audienceAt + ".event_type", audience.eventType(), EVENT_TYPES);
            if (problems.required(audienceAt + ".retention_seconds", audience.retentionSeconds())) {
                problems.within(audienceAt + ".retention_seconds", audience.retentionSeconds(), MIN_RETENTION_SECONDS, MAX_RETENTION_SECONDS);
            }
            problems.requiredOneOf(audienceAt + ".operation", audience.operation(), OPERATIONS);
        });
    }
}
