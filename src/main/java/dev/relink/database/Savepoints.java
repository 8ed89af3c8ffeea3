package dev.relink.database;

import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work that may fail alone inside a batch's transaction: it runs behind a savepoint, so when it throws
 * only what it wrote is undone and the batch goes on (on PostgreSQL a failed statement would otherwise
 * spoil the whole transaction). Outside any transaction it is a transaction of its own.
 */
@Component
public class Savepoints {

    private final TransactionTemplate nested;

    Savepoints(PlatformTransactionManager transactions) {
        this.nested = new TransactionTemplate(transactions);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The work behind a savepoint; its exception, with what it wrote undone. */
    public <R> R run(Supplier<R> work) {
        return nested.execute(status -> work.get());
    }

    /**
     * The work behind a savepoint, again when it lost a race with another replica (a unique key the
     * other wrote first, a lock conflict), up to {@code attempts} times, so that it joins what the
     * other wrote.
     */
    public <R> R retrying(int attempts, Supplier<R> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return run(work);
            } catch (DuplicateKeyException | PessimisticLockingFailureException writtenMeanwhile) {
                if (attempt >= attempts) {
                    throw writtenMeanwhile;
                }
            }
        }
    }
}
