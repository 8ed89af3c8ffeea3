package dev.relink.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells the database itself failing (the server gone, a connection cut, no connection to be had, a
 * savepoint, commit or rollback that could not be done) from one item's own error. Inside a batch's
 * transaction the first is the whole batch's: its connection is gone, so no item can be retried or
 * dead-lettered alone; the error passes up to the batch ({@link TransactionPolicy}), which fails as
 * one ({@link BatchLost}) and leaves its work in the database to be taken again.
 */
@Component("databaseAway")
public class DatabaseAway {

    /** PostgreSQL's SQLSTATE classes for a connection lost (08) and the server shutting down (57P). */
    private static final String[] CONNECTION_STATES = {"08", "57P"};

    private static final ThreadLocal<Boolean> IN_BATCH = ThreadLocal.withInitial(() -> false);

    /** The error policies' test (error-policies.yaml): the database failed while a batch's steps run on this thread. */
    public boolean inBatch(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return IN_BATCH.get() && isCause(failure);
    }

    /**
     * Whether the database itself failed somewhere in {@code failure}'s causes, or another transaction held
     * what the batch needs past the lock timeout (or chose it as a deadlock's loser): no item's fault either,
     * and undoing the batch frees the locks it holds.
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessResourceException
                    || cause instanceof RecoverableDataAccessException || cause instanceof CannotCreateTransactionException
                    || cause instanceof PessimisticLockingFailureException || cause instanceof QueryTimeoutException
                    || cause instanceof TransactionSystemException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause instanceof SQLException sql && connectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean connectionState(String state) {
        if (state == null) {
            return false;
        }
        for (String prefix : CONNECTION_STATES) {
            if (state.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a batch's steps with this thread marked as in the batch. */
    static void duringBatch(Runnable steps) {
        IN_BATCH.set(true);
        try {
            steps.run();
        } finally {
            IN_BATCH.set(false);
        }
    }
}
