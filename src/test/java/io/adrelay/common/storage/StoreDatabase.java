package io.adrelay.common.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.adrelay.TestPostgres;
import io.adrelay.common.database.Database;
import io.adrelay.common.database.DatabaseSettings;

/**
 * A real PostgreSQL with adrelay's schema (the migrations run by {@link Database}), for the storage seams' *PostgresIT:
 * started once per test class, its tables emptied before each test so the contract's "fresh state" holds.
 */
public final class StoreDatabase implements AutoCloseable {

    private final TestPostgres postgres;
    private final Database database;

    private StoreDatabase(TestPostgres postgres, Database database) {
        this.postgres = postgres;
        this.database = database;
    }

    public static StoreDatabase start() {
        TestPostgres postgres = TestPostgres.start();
        try {
            return new StoreDatabase(postgres,
                    Database.open(new DatabaseSettings(postgres.url(), TestPostgres.USER, postgres.password(), 6, 5000)));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
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

    @Override
    public void close() {
        database.close();
        postgres.close();
    }
}
