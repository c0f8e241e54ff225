package io.adrelay.bsa;

import java.time.ZoneId;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import io.adrelay.common.config.Settings;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.ledger.EffectLedger;

/** The BuySellAds flow's beans, bound once; lazy, so each is made with the final settings (sandbox overrides included). */
@Configuration
public class BsaBeans implements CamelConfiguration {

    @BindToRegistry(value = "bsaAuthorization", lazy = true)
    public BsaAuthorization bsaAuthorization(@PropertyInject("bsa.api-key") String apiKey) {
        return new BsaAuthorization(apiKey);
    }

    @BindToRegistry(value = "bsaReportPull", lazy = true)
    public BsaReportPull bsaReportPull(CamelContext context, EffectLedger idempotency, DataDirectory data,
                                       @PropertyInject("bsa.report.time-zone") String zone) {
        Settings settings = new Settings(context);
        return new BsaReportPull(idempotency, data, ZoneId.of(zone), BsaReportSchedules.list(settings.get("bsa.reports")),
                report -> BsaReportSchedules.list(settings.get("bsa.report." + report + ".columns")));
    }

    @BindToRegistry(value = "bsaReportFiles", lazy = true)
    public BsaReportFiles bsaReportFiles(DataDirectory data) {
        return new BsaReportFiles(data);
    }

    @BindToRegistry(value = "bsaPulls", lazy = true)
    public BsaPulls bsaPulls(CamelContext context, DataDirectory data) {
        return new BsaPulls(data.outbox("bsa"), BsaReportSchedules.list(new Settings(context).get("bsa.reports")));
    }

    @BindToRegistry(value = "bsaCatchUp", lazy = true)
    public BsaCatchUp bsaCatchUp(CamelContext context, DataDirectory data,
                                 @PropertyInject("bsa.report.time-zone") String zone, @PropertyInject("bsa.catch-up.max-days") int maxDays) {
        return new BsaCatchUp(data.outbox("bsa"), ZoneId.of(zone), maxDays,
                BsaReportSchedules.list(new Settings(context).get("bsa.reports")));
    }
}
