package dev.relink.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database failing (its connection, a savepoint, a commit) is told from one item's own error, and is a
 * batch's only while the batch's steps run.
 */
class DatabaseAwayTest {

    @Test
    void aLostConnectionASavepointOrACommitThatCannotBeDoneIsTheDatabaseFailing() {
        assertThat(DatabaseAway.isCause(new CannotCreateTransactionException("Could not create JDBC savepoint"))).isTrue();
        assertThat(DatabaseAway.isCause(new TransactionSystemException("JDBC rollback failed"))).isTrue();
        assertThat(DatabaseAway.isCause(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"))).isTrue();
        assertThat(DatabaseAway.isCause(new DataAccessResourceFailureException("I/O error"))).isTrue();
        // PostgreSQL's "terminating connection due to administrator command", deep in what a bean threw
        assertThat(DatabaseAway.isCause(new IllegalStateException("bean failed",
                new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(DatabaseAway.isCause(new RuntimeException(new SQLException("Connection is closed", "08003")))).isTrue();
    }

    @Test
    void anotherTransactionHoldingWhatTheBatchNeedsIsNoItemsFaultEither() {
        // H2's "Timeout trying to lock table", as Spring translates it; a deadlock's loser on PostgreSQL
        assertThat(DatabaseAway.isCause(new QueryTimeoutException("Timeout trying to lock table \"INCIDENT\""))).isTrue();
        assertThat(DatabaseAway.isCause(new CannotAcquireLockException("lock timeout"))).isTrue();
        assertThat(DatabaseAway.isCause(new PessimisticLockingFailureException("deadlock detected"))).isTrue();
    }

    @Test
    void anItemsOwnErrorIsNot() {
        assertThat(DatabaseAway.isCause(new DuplicateKeyException("unique key"))).isFalse();
        assertThat(DatabaseAway.isCause(new DataIntegrityViolationException("not null",
                new SQLException("null value", "23502")))).isFalse();
        assertThat(DatabaseAway.isCause(new IllegalArgumentException("no such template"))).isFalse();
        assertThat(DatabaseAway.isCause(new SQLException("no state"))).isFalse();
        assertThat(DatabaseAway.isCause(null)).isFalse();
    }

    @Test
    void itIsTheBatchsOnlyWhileTheBatchsStepsRun() {
        DatabaseAway away = new DatabaseAway();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(new CannotCreateTransactionException("Could not create JDBC savepoint"));
        boolean[] inside = new boolean[1];

        DatabaseAway.duringBatch(() -> inside[0] = away.inBatch(exchange));

        assertThat(inside[0]).as("in the batch").isTrue();
        assertThat(away.inBatch(exchange)).as("after it (the batch's own policy handles it)").isFalse();
        exchange.setException(new DuplicateKeyException("unique key"));
        DatabaseAway.duringBatch(() -> inside[0] = away.inBatch(exchange));
        assertThat(inside[0]).as("an item's own error in the batch").isFalse();
    }
}
