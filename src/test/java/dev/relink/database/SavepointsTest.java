package dev.relink.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch's items in one transaction, each behind a savepoint: one commit for the batch, an item's
 * failure undoes only what it wrote, a lost unique key is tried again, and outside a batch the work is
 * a transaction of its own.
 */
class SavepointsTest {

    private final JournalTransactions transactions = new JournalTransactions();
    private final TransactionTemplate batch = new TransactionTemplate(transactions);
    private final Savepoints savepoints = new Savepoints(transactions);

    /** Writes the item and answers it in capitals; "boom" fails after writing. */
    private String write(String item) {
        transactions.write(item);
        if ("boom".equals(item)) {
            throw new IllegalStateException("boom failed");
        }
        return item.toUpperCase();
    }

    /** Each item behind a savepoint of one batch transaction; each item's result or its exception's message. */
    private List<String> inOneBatch(String... items) {
        return batch.execute(status -> {
            List<String> results = new ArrayList<>();
            for (String item : items) {
                try {
                    results.add(savepoints.run(() -> write(item)));
                } catch (IllegalStateException failed) {
                    results.add(failed.getMessage());
                }
            }
            return results;
        });
    }

    @Test
    void aBatchsItemsShareOneCommit() {
        assertThat(inOneBatch("a", "b", "c")).containsExactly("A", "B", "C");
        assertThat(transactions.commits).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void oneItemsFailureIsThatItemsAloneAndUndoesOnlyWhatItWrote() {
        assertThat(inOneBatch("a", "boom", "c")).containsExactly("A", "boom failed", "C");
        assertThat(transactions.commits).containsExactly(List.of("a", "c"));
    }

    @Test
    void aLostUniqueKeyIsUndoneAndTriedAgainUpToTheAttempts() {
        AtomicInteger tries = new AtomicInteger();
        Supplier<String> losesOnce = () -> {
            transactions.write("x try " + tries.incrementAndGet());
            if (tries.get() == 1) {
                throw new DuplicateKeyException("another replica wrote it first");
            }
            return "joined";
        };

        String joined = batch.execute(status -> savepoints.retrying(2, losesOnce));
        assertThat(joined).isEqualTo("joined");
        assertThat(transactions.commits).containsExactly(List.of("x try 2"));
    }

    @Test
    void aUniqueKeyStillLostAfterTheLastAttemptFailsTheCallerAndWritesNothing() {
        Supplier<String> alwaysLoses = () -> {
            transactions.write("x");
            throw new DuplicateKeyException("another replica wrote it first");
        };

        assertThatThrownBy(() -> batch.execute(status -> {
            transactions.write("the batch's own");
            return savepoints.retrying(2, alwaysLoses);
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(transactions.commits).isEmpty();
    }

    @Test
    void outsideABatchEachPieceOfWorkIsATransactionOfItsOwn() {
        savepoints.run(() -> write("a"));
        assertThatThrownBy(() -> savepoints.run(() -> write("boom"))).hasMessage("boom failed");
        savepoints.run(() -> write("c"));

        assertThat(transactions.commits).containsExactly(List.of("a"), List.of("c"));
    }
}
