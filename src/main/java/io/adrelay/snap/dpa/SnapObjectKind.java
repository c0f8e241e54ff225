package io.adrelay.snap.dpa;

/**
 * A kind of Snap object adrelay provisions for DPA: how the report names it, how Snap's envelopes name it, and
 * whether the spec gives it a status (dynamic templates and creatives have none: nothing is sent that the spec
 * does not define).
 */
enum SnapObjectKind {
    DYNAMIC_TEMPLATE("dynamic template", "dynamic_templates", "dynamic_template", false),
    CAMPAIGN("campaign", "campaigns", "campaign", true),
    AD_SQUAD("ad squad", "adsquads", "adsquad", true),
    CREATIVE("creative", "creatives", "creative", false),
    AD("ad", "ads", "ad", true);

    final String label;
    final String plural;
    final String singular;
    final boolean hasStatus;

    SnapObjectKind(String label, String plural, String singular, boolean hasStatus) {
        this.label = label;
        this.plural = plural;
        this.singular = singular;
        this.hasStatus = hasStatus;
    }
}
