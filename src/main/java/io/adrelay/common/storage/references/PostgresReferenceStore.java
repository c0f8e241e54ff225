package io.adrelay.common.storage.references;

import java.util.Optional;

import javax.sql.DataSource;

import io.adrelay.common.storage.Sql;

/**
 * The cluster profile's references: table adrelay_references (Flyway V5), one row per reference keyed by its kind and
 * its SHA-256 (a reference may be longer than an index entry), so a node remembering one is one statement that never
 * touches another node's row.
 */
public class PostgresReferenceStore implements ReferenceStore {

    private final Sql sql;
    private final String node;

    /** @param node this node's name, which the rows it writes carry */
    public PostgresReferenceStore(DataSource dataSource, String node) {
        this.sql = new Sql(dataSource);
        this.node = node;
    }

    @Override
    public Optional<String> idOf(String kind, String reference) {
        return Optional.ofNullable(sql.query("read the id of " + kind + " " + reference,
                "SELECT id FROM adrelay_references WHERE kind = ? AND reference_hash = ?",
                row -> row.next() ? row.getString(1) : null, ReferenceKinds.checked(kind), Sql.sha256(reference)));
    }

    @Override
    public void remember(String kind, String reference, String id) {
        sql.update("remember the id of " + kind + " " + reference, """
                INSERT INTO adrelay_references (kind, reference_hash, reference, id, node) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (kind, reference_hash) DO UPDATE SET id = excluded.id, node = excluded.node, recorded_at = now()
                WHERE adrelay_references.id <> excluded.id""",
                ReferenceKinds.checked(kind), Sql.sha256(reference), reference, id, node);
    }
}
