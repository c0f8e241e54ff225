package io.adrelay.snap.dpa;

/** A kind of Snap object adrelay provisions for DPA: how the report names it and how Snap's envelopes name it. */
enum SnapObjectKind {
    DYNAMIC_TEMPLATE("dynamic template", "dynamic_templates", "dynamic_template"),
    CAMPAIGN("campaign", "campaigns", "campaign"),
    AD_SQUAD("ad squad", "adsquads", "adsquad"),
    CREATIVE("creative", "creatives", "creative"),
    AD("ad", "ads", "ad");

    final String label;
    final String plural;
    final String singular;

    SnapObjectKind(String label, String plural, String singular) {
        this.label = label;
        this.plural = plural;
        this.singular = singular;
    }
}
