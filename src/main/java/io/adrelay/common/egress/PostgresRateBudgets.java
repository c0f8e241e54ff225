package io.adrelay.common.egress;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.adrelay.common.storage.Sql;
import io.adrelay.common.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster profile's budgets: each egress route's limit holds for the sum of the nodes, counted in PostgreSQL
 * (adrelay_rate_permits, adrelay_rate_budgets; migration V4).
 * <p>
 * Why this and not a token bucket (Bucket4j's PostgreSQL backend, or V1's tokens column): it is {@link EgressBudget}'s
 * rule, shared. A budget of N requests per period is N permit rows; a call takes one free row before it leaves (one
 * {@code UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING}, so nodes never wait on each other's locks) and gives it
 * back after its answer, free again one period later (one {@code UPDATE}). However late a request reaches the API
 * after its permit, no window at the API holds more than N, which a bucket refilled from the take cannot promise (a
 * full bucket of N, emptied, refills N more within the same period: up to 2N in a window). Times are the database's
 * clock, one for every node, so no node's clock skew counts. Precision: a permit is free from its row's free_at to
 * the microsecond; a node that finds none waits until the earliest free_at (at most {@link #MAX_POLL_MS} between
 * looks, as a permit in flight comes back when its call ends).
 * <p>
 * Two round trips per call (take, give back), three on a 429 (the pause). A 429's Retry-After (capped like the
 * retries' delays) pauses the budget for every node: no permit is taken until then. A permit is taken as held until
 * {@code lease} + period: a node that dies holding one leaves it out of use until the API can no longer count its
 * call, never lets another node reuse it early. When the database is slow, calls wait on it; when it cannot be
 * reached, calls wait until it is back (a permit not given back stays taken until its lease ends): a call never goes
 * out without a permit, so the limit is never exceeded, it is only used less.
 */
public final class PostgresRateBudgets implements RateBudget.Source {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRateBudgets.class);
    /** Longest wait between two looks for a permit while every permit is in flight (one comes back when its call ends). */
    static final long MAX_POLL_MS = 250;
    /** Wait between two tries while the database cannot be reached. */
    private static final long UNREACHABLE_RETRY_MS = 1000;

    private final Sql sql;
    private final String node;
    private final Duration lease;
    private final Duration maxPause;

    /**
     * @param node     the node's name, kept with each permit it holds (for whoever looks at the table)
     * @param lease    the longest a call may hold its permit (a permit of a node that died comes back after it + period)
     * @param maxPause the longest a 429's Retry-After pauses a budget (a longer one is cut to it)
     */
    public PostgresRateBudgets(DataSource dataSource, String node, Duration lease, Duration maxPause) {
        this.sql = new Sql(dataSource);
        this.node = node;
        this.lease = lease;
        this.maxPause = maxPause;
    }

    @Override
    public RateBudget budget(String route, int requests, long periodMs) {
        if (requests < 1 || periodMs < 0) {
            throw new IllegalArgumentException("a budget needs at least one request per period, not " + requests + " per " + periodMs + " ms");
        }
        return new Budget(route, requests, periodMs);
    }

    private final class Budget implements RateBudget {

        private final String route;
        private final int requests;
        private final long periodMs;
        private volatile boolean rowsMade;
        private volatile boolean unreachable;

        Budget(String route, int requests, long periodMs) {
            this.route = route;
            this.requests = requests;
            this.periodMs = periodMs;
        }

        @Override
        public Permit take() throws InterruptedException {
            while (true) {
                try {
                    makeRows();
                    String claim = UUID.randomUUID().toString();
                    Integer permit = sql.query("take a permit of budget " + route,
                            "UPDATE adrelay_rate_permits SET free_at = clock_timestamp() + ?::float8 * interval '1 millisecond', held_by = ?, claim = ?"
                                    + " WHERE budget = ? AND permit = (SELECT permit FROM adrelay_rate_permits"
                                    + "   WHERE budget = ? AND permit < ? AND free_at <= clock_timestamp()"
                                    + "   AND NOT EXISTS (SELECT 1 FROM adrelay_rate_budgets WHERE budget = ? AND paused_until > clock_timestamp())"
                                    + "   ORDER BY free_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
                                    + " RETURNING permit",
                            rows -> rows.next() ? rows.getInt(1) : null,
                            lease.toMillis() + periodMs, node, claim, route, route, requests, route);
                    reachable();
                    if (permit != null) {
                        return retryAfter -> giveBack(permit, claim, retryAfter);
                    }
                    TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(MAX_POLL_MS, untilFreeMs())));
                } catch (StorageException away) {
                    unreachable(away);
                    TimeUnit.MILLISECONDS.sleep(UNREACHABLE_RETRY_MS);
                }
            }
        }

        @Override
        public int inWindow() {
            try {
                return sql.query("count the permits in use of budget " + route,
                        "SELECT count(*) FROM adrelay_rate_permits WHERE budget = ? AND permit < ? AND free_at > clock_timestamp()",
                        rows -> rows.next() ? rows.getInt(1) : 0, route, requests);
            } catch (StorageException away) {
                // the console's figure only: nothing is counted while the database is away
                return 0;
            }
        }

        /** Free again one period from now, if still this call's (a call that outlived its lease gives back nothing). */
        private void giveBack(int permit, String claim, Duration retryAfter) {
            try {
                if (retryAfter != null && !retryAfter.isZero()) {
                    Duration pause = retryAfter.compareTo(maxPause) > 0 ? maxPause : retryAfter;
                    sql.update("pause budget " + route, "UPDATE adrelay_rate_budgets SET paused_until = GREATEST(paused_until,"
                            + " clock_timestamp() + ?::float8 * interval '1 millisecond') WHERE budget = ?", pause.toMillis(), route);
                    LOG.info("Budget {}: a 429 asked to wait {} ms, every node pauses its calls until then", route, pause.toMillis());
                }
                sql.update("give back a permit of budget " + route, "UPDATE adrelay_rate_permits SET free_at = clock_timestamp()"
                        + " + ?::float8 * interval '1 millisecond', held_by = NULL, claim = NULL WHERE budget = ? AND permit = ? AND claim = ?",
                        periodMs, route, permit, claim);
            } catch (StorageException away) {
                // the permit stays taken until its lease ends: fewer calls for a while, never more
                LOG.warn("Budget {}: a permit could not be given back ({}); it comes back after its lease", route, away.getMessage());
            }
        }

        /** The budget's row and its permits' rows, once (every node makes the same ones: the first one wins). */
        private void makeRows() {
            if (rowsMade) {
                return;
            }
            sql.update("make budget " + route, "INSERT INTO adrelay_rate_budgets (budget) VALUES (?) ON CONFLICT DO NOTHING", route);
            sql.update("make the permits of budget " + route, "INSERT INTO adrelay_rate_permits (budget, permit)"
                    + " SELECT ?, g FROM generate_series(0, ? - 1) g ON CONFLICT DO NOTHING", route, requests);
            rowsMade = true;
        }

        /** How long until a permit may be free: the earliest free_at, or the end of a pause if later. */
        private long untilFreeMs() {
            return sql.query("look when a permit of budget " + route + " is free",
                    "SELECT CEIL(EXTRACT(EPOCH FROM (GREATEST((SELECT min(free_at) FROM adrelay_rate_permits WHERE budget = ? AND permit < ?),"
                            + " (SELECT paused_until FROM adrelay_rate_budgets WHERE budget = ?)) - clock_timestamp())) * 1000)",
                    rows -> rows.next() ? rows.getLong(1) : MAX_POLL_MS, route, requests, route);
        }

        private void unreachable(StorageException away) {
            if (!unreachable) {
                unreachable = true;
                LOG.warn("Budget {}: the database cannot be reached, its calls wait until it is back: {}", route, away.getMessage());
            }
        }

        private void reachable() {
            if (unreachable) {
                unreachable = false;
                LOG.info("Budget {}: the database is back, its calls go on", route);
            }
        }
    }
}
