package io.adrelay.common.storage.ledger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;

/**
 * The cluster profile's ledger: table adrelay_effect_ledger, one row per effect done, shared by every node, so an
 * effect one node made is skipped by all. No cache: a key removed by one node (an idempotent consumer rolling back a
 * failed exchange) must not still read as done on another.
 */
public class PostgresEffectLedger implements EffectLedger {

    private final DataSource dataSource;
    private final String node;
    private final Map<String, PostgresIdempotentRepository> repositories = new ConcurrentHashMap<>();

    /** {@code node} is recorded with each key, to tell an operator which node made an effect. */
    public PostgresEffectLedger(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    @Override
    public IdempotentRepository repository(String effect) {
        return repositories.computeIfAbsent(effect, name -> new PostgresIdempotentRepository(dataSource, name, node));
    }

    /** The connections are the pool's, closed with it (Database): nothing held here. */
    @Override
    public void close() {
        repositories.clear();
    }
}
