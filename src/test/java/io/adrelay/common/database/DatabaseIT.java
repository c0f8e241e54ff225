package io.adrelay.common.database;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.adrelay.TestPostgres;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster profile's database against a real PostgreSQL: the schema is made by the migrations (Quartz's tables
 * and the storage seams' tables) and a second start finds it made; a wrong password or an unreachable server is one
 * line without the password; readiness is DOWN while the server is stopped and UP once it is back, same pool.
 */
class DatabaseIT {

    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The migrations shipped: V<n>__*.sql under db/migration. */
    private static int migrations() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static DatabaseSettings settings(String url, String password) {
        return new DatabaseSettings(url, TestPostgres.USER, password, 4, 2000);
    }

    @Test
    void theMigrationsMakeQuartzsTablesAndTheStorageTablesOnceAndASecondStartFindsThemMade() throws Exception {
        try (Database first = Database.open(settings(postgres.url(), postgres.password()))) {
            assertTrue(tables(first).containsAll(List.of("qrtz_triggers", "qrtz_cron_triggers", "qrtz_fired_triggers", "qrtz_locks",
                    "qrtz_scheduler_state", "qrtz_job_details", "adrelay_intake", "adrelay_effect_ledger", "adrelay_job_runs",
                    "adrelay_dead_letters", "adrelay_documents", "adrelay_rate_budgets", "adrelay_rate_permits", "adrelay_calls_in_doubt",
                    "adrelay_schema_history")), tables(first).toString());
        }
        try (Database second = Database.open(settings(postgres.url(), postgres.password()));
                Connection connection = second.dataSource().getConnection();
                ResultSet applied = connection.createStatement().executeQuery("select count(*) from adrelay_schema_history where success")) {
            applied.next();
            assertEquals(migrations(), applied.getInt(1), "each migration applied once, not again at the second start");
        }
    }

    @Test
    void aWrongPasswordAndAnUnreachableServerAreOneLineWithoutThePassword() {
        String wrong = "wrong-password-4711";
        DatabaseException refused = assertThrows(DatabaseException.class, () -> Database.open(settings(postgres.url(), wrong)));
        assertTrue(refused.getMessage().contains("cannot be reached as ADRELAY_DB_USER adrelay")
                && refused.getMessage().contains("password authentication failed"), refused.getMessage());
        assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());

        DatabaseException unreachable = assertThrows(DatabaseException.class,
                () -> Database.open(settings("jdbc:postgresql://127.0.0.1:9/adrelay?password=" + wrong, wrong)));
        assertTrue(unreachable.getMessage().startsWith("ADRELAY_DB_URL jdbc:postgresql://127.0.0.1:9/adrelay cannot be reached"),
                unreachable.getMessage());
        assertFalse(unreachable.getMessage().contains(wrong), unreachable.getMessage());
    }

    @Test
    void readinessIsDownWhileTheServerIsStoppedAndUpOnceItIsBack() throws Exception {
        try (Database database = Database.open(settings(postgres.url(), postgres.password()));
                DefaultCamelContext context = new DefaultCamelContext()) {
            DatabaseHealth health = new DatabaseHealth(database);
            health.setCamelContext(context);
            assertFalse(health.isLiveness(), "a restart does not bring a database back");
            assertEquals(HealthCheck.State.UP, health.call(Map.of()).getState());
            postgres.stop();
            try {
                List<HealthCheck.State> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    seen.add(health.call(Map.of()).getState());
                    return seen.get(seen.size() - 1) == HealthCheck.State.DOWN;
                });
                assertTrue(health.call(Map.of()).getMessage().orElse("").contains("cannot be reached"));
            } finally {
                postgres.startAgain();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> health.call(Map.of()).getState() == HealthCheck.State.UP);
        }
    }

    private static List<String> tables(Database database) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                ResultSet rows = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

}
