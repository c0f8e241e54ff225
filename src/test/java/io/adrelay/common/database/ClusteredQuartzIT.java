package io.adrelay.common.database;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.adrelay.TestPostgres;
import org.apache.camel.builder.LambdaRouteBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quartz on the cluster's job store, in one node, against a real PostgreSQL: a schedule is a row of QRTZ_TRIGGERS
 * that fires; made again (a route file saved, a template) it is still one row; a route taken away takes its row
 * away; a node that stops leaves the cluster's schedules to the other nodes. Every job runs one firing at a time
 * across the nodes and is recovered when its node dies.
 */
class ClusteredQuartzIT {

    private static TestPostgres postgres;
    private static Database database;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.start();
        database = Database.open(new DatabaseSettings(postgres.url(), TestPostgres.USER, postgres.password(), 4, 2000));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aScheduleIsOneRowMadeAgainStillOneRemovedNoneAndANodesStopLeavesIt() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        // a lambda, not a RouteBuilder class: the whole-application tests' package scan would take a class for theirs
        LambdaRouteBuilder job = routes -> routes.from("quartz:cluster/every-second?cron=0/1+*+*+*+*+?").routeId("job-every-second")
                .process(e -> fired.incrementAndGet());
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            ClusteredQuartz.configure(context, database.dataSource(), "quartz-it-node", 2000, 60000);
            RouteBuilder.addRoutes(context, job);
            context.start();
            assertEquals(1, triggers("every-second"));
            assertEquals("true true", jobFlags("every-second"), "one firing at a time across the nodes, recovered when its node dies");
            await().atMost(Duration.ofSeconds(20)).until(() -> fired.get() >= 2);

            // made again, as a saved route file or template does: the same one row
            context.getRouteController().stopRoute("job-every-second");
            context.removeRoute("job-every-second");
            RouteBuilder.addRoutes(context, job);
            assertEquals(1, triggers("every-second"));
            int before = fired.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> fired.get() > before);

            // taken away: no row left to fire with no route
            context.getRouteController().stopRoute("job-every-second");
            context.removeRoute("job-every-second");
            assertEquals(0, triggers("every-second"));

            RouteBuilder.addRoutes(context, job);
            assertEquals(1, triggers("every-second"));
        } finally {
            context.stop();
        }
        assertEquals(1, triggers("every-second"), "a node that stops leaves the schedule to the others");
    }

    private static int triggers(String name) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from qrtz_triggers where trigger_name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String jobFlags(String name) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select is_nonconcurrent, requests_recovery from qrtz_job_details where job_name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "job " + name + " stored");
                return rows.getBoolean(1) + " " + rows.getBoolean(2);
            }
        }
    }
}
