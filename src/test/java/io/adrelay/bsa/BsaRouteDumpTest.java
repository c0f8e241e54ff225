package io.adrelay.bsa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import io.adrelay.common.egress.EgressTemplate;
import io.adrelay.ops.CatchUpTemplate;

/** camel.main.dump-routes=yaml shows the BuySellAds flow whole: its schedule, split, filter, the call, the CSV read and each file written. */
class BsaRouteDumpTest {

    @Test
    void theDumpShowsEveryStepOfThePull() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new EgressTemplate());
            context.addRoutes(new CatchUpTemplate());
            for (String file : new String[] {"bsa-pull-report", "bsa-egress", "bsa-catch-up-reports"}) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/" + file + ".camel.yaml"));
            }
            TemplatedRouteBuilder.builder(context, BsaNames.SCHEDULE_TEMPLATE).routeId(BsaReportSchedules.jobId("lineitems"))
                    .parameter("report", "lineitems").add();
            RoutesDefinition routes = new RoutesDefinition();
            routes.getRoutes().addAll(((ModelCamelContext) context).getRouteDefinitions());

            String dump = PluginHelper.getModelToYAMLDumper(context).dumpModelAsYaml(context, routes);

            for (String step : new String[] {"id: bsa-pull-report-lineitems", "quartz:bsa/{{report}}?cron={{cron}}", "id: bsa-pull-report-core",
                "split:", "method: countIfDeadLettered", "filter:", "method=alreadyPulled", "uri: direct:bsa-egress-get", "unmarshal:",
                "ref: boundedCsv", "method: check", "method: writeAsPulled", "method: writeNormalized", "method: pulled", "ref: egressBudgets",
                "id: bsa-catch-up-reports"}) {
                assertTrue(dump.contains(step), step + " is in the dump:\n" + dump);
            }
        }
    }
}
