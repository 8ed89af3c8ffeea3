package dev.relink.database;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Transactions without a database, for pure tests of {@link Savepoints}: work writes lines to the
 * current transaction, a savepoint (a nested transaction) undoes the lines written after it, and a commit keeps its lines
 * as one entry of {@link #commits}. A commit holding {@link #UNCOMMITTABLE} fails, like a commit the
 * database refuses.
 */
final class JournalTransactions extends AbstractPlatformTransactionManager {

    static final String UNCOMMITTABLE = "uncommittable";

    final List<List<String>> commits = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Journal> current = new ThreadLocal<>();

    JournalTransactions() {
        setNestedTransactionAllowed(true);
    }

    /** Writes a line in the calling thread's transaction. */
    void write(String line) {
        current.get().lines.add(line);
    }

    private static final class Journal {
        final List<String> lines = new ArrayList<>();
    }

    /** The transaction object: this thread's journal, once begun; its savepoints are line counts. */
    private final class Handle implements SavepointManager {
        Journal journal = current.get();

        @Override
        public Object createSavepoint() {
            return journal.lines.size();
        }

        @Override
        public void rollbackToSavepoint(Object savepoint) {
            journal.lines.subList((Integer) savepoint, journal.lines.size()).clear();
        }

        @Override
        public void releaseSavepoint(Object savepoint) {
        }
    }

    @Override
    protected Object doGetTransaction() {
        return new Handle();
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return ((Handle) transaction).journal != null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        Journal journal = new Journal();
        ((Handle) transaction).journal = journal;
        current.set(journal);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        List<String> lines = ((Handle) status.getTransaction()).journal.lines;
        if (lines.contains(UNCOMMITTABLE)) {
            throw new TransactionSystemException("the database refused the commit");
        }
        commits.add(List.copyOf(lines));
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        current.remove();
    }
}
