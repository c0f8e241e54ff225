package io.adrelay.snap.dpa;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.adrelay.snap.dpa.DpaDeclaration.Ad;
import io.adrelay.snap.dpa.DpaDeclaration.AdAccount;
import io.adrelay.snap.dpa.DpaDeclaration.AdSquad;
import io.adrelay.snap.dpa.DpaDeclaration.Campaign;
import io.adrelay.snap.dpa.DpaDeclaration.Creative;
import io.adrelay.snap.dpa.DpaDeclaration.DynamicTemplate;

/**
 * Every rule the spec states for a DPA declaration, checked before anything is sent: required attributes,
 * value sets and ranges per object (templates and ad squads in their own classes), names unique under the
 * parent Snap finds them in, references that resolve (catalog, product sets, templates, creatives), and the
 * rules between objects (an ad's creative shows its ad squad's product set, app creatives need the campaign's
 * measurement_spec, a collection layout needs a collection creative).
 */
public final class DpaDeclarationCheck {

    /** The ad squad table's statuses; campaigns and ads take the same (the spec's examples send PAUSED and ACTIVE). */
    static final List<String> STATUSES = List.of("ACTIVE", "PAUSED");
    /** "Only Creatives of type WEB_VIEW, APP_INSTALL and DEEP_LINK are supported now." */
    static final List<String> CREATIVE_TYPES = List.of("WEB_VIEW", "APP_INSTALL", "DEEP_LINK");
    /** "If type is APP_INSTALL or DEEP_LINK, Campaign must contain “measurement_spec” for proper tracking." */
    static final List<String> APP_CREATIVE_TYPES = List.of("APP_INSTALL", "DEEP_LINK");
    /** The spec's format, "utm_campaign=campaign.id&utm_term=ad.name": name=value pairs joined by '&'. */
    private static final Pattern URL_MACRO_PARAMETERS = Pattern.compile("[^=&\\s]+=[^=&\\s]+(&[^=&\\s]+=[^=&\\s]+)*");

    private final Problems problems;
    private final DeclaredProductSets catalogs;

    private DpaDeclarationCheck(Problems problems, DeclaredProductSets catalogs) {
        this.problems = problems;
        this.catalogs = catalogs;
    }

    /** Every problem of the declaration as "path: what is wrong"; empty when it can be provisioned. */
    public static List<String> problems(DpaDeclaration declaration, DeclaredProductSets catalogs) {
        Problems problems = new Problems();
        check(declaration, catalogs, problems);
        return problems.list();
    }

    static void check(DpaDeclaration declaration, DeclaredProductSets catalogs, Problems problems) {
        DpaDeclarationCheck check = new DpaDeclarationCheck(problems, catalogs);
        Set<String> accountIds = new HashSet<>();
        problems.each("ad_accounts", declaration.adAccounts(), (account, at) -> {
            if (problems.required(at + ".ad_account_id", account.adAccountId())) {
                problems.snapId(at + ".ad_account_id", account.adAccountId());
                problems.uniqueName(accountIds, at + ".ad_account_id", account.adAccountId(), "file");
            }
            check.adAccount(account, at);
        });
    }

    private void adAccount(AdAccount account, String at) {
        Map<String, DynamicTemplate> templates = new HashMap<>();
        Set<String> templateNames = new HashSet<>();
        problems.each(at + ".dynamic_templates", account.dynamicTemplates(), (template, templateAt) -> {
            DynamicTemplateCheck.check(template, templateAt, problems);
            problems.uniqueName(templateNames, templateAt + ".name", template.name(), "ad account");
            if (template.name() != null) {
                templates.putIfAbsent(template.name(), template);
            }
        });
        Set<String> campaignNames = new HashSet<>();
        Set<String> creativeNames = new HashSet<>();
        problems.each(at + ".campaigns", account.campaigns(), (campaign, campaignAt) -> {
            problems.uniqueName(campaignNames, campaignAt + ".name", campaign.name(), "ad account");
            campaign(campaign, campaignAt, templates, creativeNames);
        });
    }

    private void campaign(Campaign campaign, String at, Map<String, DynamicTemplate> templates, Set<String> accountCreatives) {
        problems.required(at + ".name", campaign.name());
        String catalog = null;
        if (problems.required(at + ".catalog", campaign.catalog())) {
            if (catalogs.hasCatalog(campaign.catalog())) {
                catalog = campaign.catalog();
            } else {
                problems.add(at + ".catalog", "no catalog with key " + campaign.catalog() + " in the catalog declaration");
            }
        }
        problems.oneOf(at + ".status", campaign.status(), STATUSES);
        problems.endsAfterStart(at, campaign.startTime(), campaign.endTime());
        problems.atLeast(at + ".daily_budget_micro", campaign.dailyBudgetMicro(), 1);
        if (campaign.measurementSpec() != null && (!campaign.measurementSpec().isObject() || campaign.measurementSpec().isEmpty())) {
            problems.add(at + ".measurement_spec", "a mapping of the app's store ids");
        }
        Map<String, Creative> creatives = new HashMap<>();
        String catalogKey = catalog;
        problems.each(at + ".creatives", campaign.creatives(), (creative, creativeAt) -> {
            creative(creative, creativeAt, campaign, catalogKey, templates);
            // Snap keeps creatives per ad account: the name is unique there, not only in this campaign
            problems.uniqueName(accountCreatives, creativeAt + ".name", creative.name(), "ad account");
            if (creative.name() != null) {
                creatives.putIfAbsent(creative.name(), creative);
            }
        });
        AdSquadCheck squads = new AdSquadCheck(problems, catalogs, catalog);
        Set<String> squadNames = new HashSet<>();
        problems.each(at + ".ad_squads", campaign.adSquads(), (squad, squadAt) -> {
            squads.check(squad, squadAt);
            problems.uniqueName(squadNames, squadAt + ".name", squad.name(), "campaign");
            Set<String> adNames = new HashSet<>();
            problems.each(squadAt + ".ads", squad.ads(), (ad, adAt) -> {
                problems.uniqueName(adNames, adAt + ".name", ad.name(), "ad squad");
                ad(ad, adAt, squad, creatives);
            });
        });
    }

    private void creative(Creative creative, String at, Campaign campaign, String catalog, Map<String, DynamicTemplate> templates) {
        problems.required(at + ".name", creative.name());
        problems.requiredOneOf(at + ".type", creative.type(), CREATIVE_TYPES);
        if (Problems.in(creative.type(), APP_CREATIVE_TYPES) && campaign.measurementSpec() == null) {
            problems.add(at + ".type", creative.type() + " needs the campaign's measurement_spec");
        }
        if (problems.required(at + ".template", creative.template())) {
            DynamicTemplate template = templates.get(creative.template());
            if (template == null) {
                problems.add(at + ".template", "no dynamic template named " + creative.template() + " in this ad account");
            } else if (Problems.in(template.layout(), DynamicTemplateCheck.COLLECTION_LAYOUTS)) {
                // DPA creatives are WEB_VIEW, APP_INSTALL or DEEP_LINK, never the Collection Ad these layouts need
                problems.add(at + ".template", creative.template() + " has layout " + template.layout()
                        + ", which needs a collection creative; DPA creatives are " + String.join(", ", CREATIVE_TYPES));
            }
        }
        catalogs.checkSet(problems, at + ".product_set", catalog, creative.productSet());
        // not in the spec's DPA tables, but every Snap creative shows them and the spec's example sends both
        problems.required(at + ".headline", creative.headline());
        problems.required(at + ".brand_name", creative.brandName());
        if (creative.urlMacroParameters() != null && !URL_MACRO_PARAMETERS.matcher(creative.urlMacroParameters()).matches()) {
            problems.add(at + ".url_macro_parameters", creative.urlMacroParameters()
                    + " is not name=value pairs joined by &, such as utm_campaign=campaign.id&utm_term=ad.name");
        }
    }

    /** "product_set_id of the Creative used must match the product_set_id on the Ad Squad associated with this Ad." */
    private void ad(Ad ad, String at, AdSquad squad, Map<String, Creative> creatives) {
        problems.required(at + ".name", ad.name());
        problems.oneOf(at + ".status", ad.status(), STATUSES);
        if (!problems.required(at + ".creative", ad.creative())) {
            return;
        }
        Creative creative = creatives.get(ad.creative());
        if (creative == null) {
            problems.add(at + ".creative", "no creative named " + ad.creative() + " in this campaign");
        } else if (creative.productSet() != null && squad.productSet() != null && !creative.productSet().equals(squad.productSet())) {
            problems.add(at + ".creative", ad.creative() + " shows product set " + creative.productSet()
                    + ", its ad squad " + squad.productSet());
        }
    }
}
