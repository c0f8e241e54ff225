package io.adrelay.common.database;

import java.util.ArrayList;
import java.util.List;

import io.adrelay.common.config.Settings;

/** ADRELAY_DB_URL / _USER / _PASSWORD and the pool's bounds: what the cluster profile needs, checked with the rest at start. */
public record DatabaseSettings(String url, String user, String password, int poolSize, long connectTimeoutMs) {

    private static final String POSTGRESQL = "jdbc:postgresql://";

    public static DatabaseSettings of(Settings settings) {
        return new DatabaseSettings(settings.get("adrelay.db.url"), settings.get("adrelay.db.user"), settings.get("adrelay.db.password"),
                settings.getInt("adrelay.db.pool-size"), settings.getLong("adrelay.db.connect-timeout-ms"));
    }

    /** One line per setting missing or wrong; empty when the database can be tried. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (url.isEmpty()) {
            problems.add("set ADRELAY_DB_URL (the cluster profile's PostgreSQL, e.g. jdbc:postgresql://db:5432/adrelay)");
        } else if (!url.startsWith(POSTGRESQL)) {
            // the URL may carry a password (?password=...): named by its start only
            problems.add("ADRELAY_DB_URL is not a PostgreSQL JDBC URL: it must start with " + POSTGRESQL + " (e.g. jdbc:postgresql://db:5432/adrelay)");
        }
        if (user.isEmpty()) {
            problems.add("set ADRELAY_DB_USER (the cluster profile's PostgreSQL user)");
        }
        if (password.isEmpty()) {
            problems.add("set ADRELAY_DB_PASSWORD (the cluster profile's PostgreSQL password)");
        }
        return problems;
    }

    /** The URL without its query string, which may hold credentials: what a log line or a problem may show. */
    public String shownUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        // never the password, never the URL's query
        return "DatabaseSettings[" + shownUrl() + ", user " + user + "]";
    }
}
