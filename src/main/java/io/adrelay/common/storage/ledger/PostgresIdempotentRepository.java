package io.adrelay.common.storage.ledger;

import java.sql.ResultSet;

import javax.sql.DataSource;

import io.adrelay.common.storage.Sql;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The keys of one kind of effect in adrelay_effect_ledger, as Camel's idempotentConsumer uses them.
 * <p>
 * Our own small class rather than camel-sql's JdbcMessageIdRepository: its add is a select then an insert in a Spring
 * transaction, so two nodes adding the same key at once both see it absent and one of them fails on the primary key
 * instead of answering false; here add is one {@code INSERT ... ON CONFLICT DO NOTHING}, whose row count is the
 * answer, atomic across nodes. It also needs no Spring (camel-sql brings spring-jdbc and spring-tx) and keeps the
 * table's own columns (effect, effect_key, node) instead of CAMEL_MESSAGEPROCESSED's.
 */
final class PostgresIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    /** effect_key's width: a longer key is stored as "sha256:" and its SHA-256 in hex (effect ids and paths can be long). */
    static final int KEY_WIDTH = 255;

    private final Sql sql;
    private final String effect;
    private final String node;

    PostgresIdempotentRepository(DataSource dataSource, String effect, String node) {
        if (effect.isEmpty() || effect.length() > 100) {
            throw new IllegalArgumentException("an effect's name is 1 to 100 characters, not " + effect.length() + ": " + effect);
        }
        this.sql = new Sql(dataSource);
        this.effect = effect;
        this.node = node;
    }

    @Override
    public boolean add(String key) {
        return sql.update("record effect " + effect + " key " + key,
                "INSERT INTO adrelay_effect_ledger (effect, effect_key, node) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                effect, stored(key), node) == 1;
    }

    @Override
    public boolean contains(String key) {
        return sql.query("read effect " + effect + " key " + key, "SELECT 1 FROM adrelay_effect_ledger WHERE effect = ? AND effect_key = ?",
                ResultSet::next, effect, stored(key));
    }

    @Override
    public boolean remove(String key) {
        return sql.update("remove effect " + effect + " key " + key, "DELETE FROM adrelay_effect_ledger WHERE effect = ? AND effect_key = ?",
                effect, stored(key)) == 1;
    }

    /** Added means done: nothing to confirm. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Clears this effect's keys only (every node's). */
    @Override
    public void clear() {
        sql.update("clear effect " + effect, "DELETE FROM adrelay_effect_ledger WHERE effect = ?", effect);
    }

    static String stored(String key) {
        return key.length() <= KEY_WIDTH ? key : "sha256:" + Sql.sha256(key);
    }

    @Override
    public String toString() {
        return "adrelay_effect_ledger[" + effect + "]";
    }
}
