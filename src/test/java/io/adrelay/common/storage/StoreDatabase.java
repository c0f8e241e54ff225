package io.adrelay.common.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.adrelay.TestPostgres;
import io.adrelay.common.database.Database;
import io.adrelay.common.database.DatabaseSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL with adrelay's schema (the migrations run by {@link Database}), for the *PostgresIT: a JUnit
 * extension ({@code @RegisterExtension static final StoreDatabase db = StoreDatabase.emptying("adrelay_intake")})
 * started once per test class, the tables it names emptied before each test so the contract's "fresh state" holds.
 */
public final class StoreDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final String[] emptied;
    private TestPostgres postgres;
    private Database database;

    private StoreDatabase(String[] emptied) {
        this.emptied = emptied;
    }

    /** A database whose {@code tables} are emptied before each test (none: the tests keep apart by themselves). */
    public static StoreDatabase emptying(String... tables) {
        return new StoreDatabase(tables);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres = TestPostgres.start();
        try {
            database = Database.open(new DatabaseSettings(postgres.url(), TestPostgres.USER, postgres.password(), 6, 5000));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emptied.length > 0) {
            empty(emptied);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** Empties the tables a test writes. */
    public void empty(String... tables) {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", tables));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
