package io.adrelay.common.storage.ledger;

import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.Sql;

/**
 * The cluster profile's calls in doubt: table adrelay_calls_in_doubt (migration V2), one row per effect, keyed by
 * the effect's SHA-256 (an effect names ids and paths of any length). A row is committed before remember returns,
 * so a node killed right after sending leaves its call for the next start, or another node, to check.
 */
public class PostgresCallsInDoubt implements CallsInDoubt {

    private final Sql sql;
    private final String node;

    public PostgresCallsInDoubt(DataSource dataSource, String node) {
        this.sql = new Sql(dataSource);
        this.node = node;
    }

    @Override
    public Optional<ObjectNode> find(String effect) {
        return sql.query("read the sent call " + effect, "SELECT call FROM adrelay_calls_in_doubt WHERE effect_hash = ?",
                row -> row.next() ? Optional.of((ObjectNode) Json.MAPPER.readTree(row.getString(1))) : Optional.empty(),
                Sql.sha256(effect));
    }

    @Override
    public void remember(String effect, ObjectNode call) {
        sql.update("remember the sent call " + effect, """
                INSERT INTO adrelay_calls_in_doubt (effect_hash, effect, call, node) VALUES (?, ?, ?::jsonb, ?)
                ON CONFLICT (effect_hash) DO UPDATE SET call = excluded.call, node = excluded.node, recorded_at = now()""",
                Sql.sha256(effect), effect, call.toString(), node);
    }

    @Override
    public void forget(String effect) {
        sql.update("forget the sent call " + effect, "DELETE FROM adrelay_calls_in_doubt WHERE effect_hash = ?", Sql.sha256(effect));
    }
}
