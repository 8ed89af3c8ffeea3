package dev.relink.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group commit: callers that arrive while a commit runs share the next one; each item behind
 * a savepoint, so its failure is its own; a lost unique key is tried again; a group takes its items
 * in lock order; a commit that fails is retried item by item.
 */
class GroupCommitTest {

    private static final String FIRST = "first";

    private final JournalTransactions transactions = new JournalTransactions();
    private final TransactionTemplate tx = new TransactionTemplate(transactions);
    private final CountDownLatch firstEntered = new CountDownLatch(1);
    private final CountDownLatch firstMayCommit = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void releaseEveryone() throws InterruptedException {
        firstMayCommit.countDown();
        for (Thread thread : threads) {
            thread.join(5000);
        }
    }

    /** Writes the item and answers it in capitals; "boom" fails after writing, {@code FIRST} holds its commit open. */
    private String write(String item) {
        transactions.write(item);
        if (FIRST.equals(item)) {
            firstEntered.countDown();
            awaitQuietly(firstMayCommit);
        }
        if ("boom".equals(item)) {
            throw new IllegalStateException("boom failed");
        }
        return item.toUpperCase();
    }

    private GroupCommit<String, String> groupCommit(Function<String, String> work, int attempts) {
        return new GroupCommit<>(tx, work, attempts, Comparator.naturalOrder());
    }

    @Test
    void callersArrivingWhileACommitRunsShareTheNextCommit() throws Exception {
        GroupCommit<String, String> group = groupCommit(this::write, 1);

        List<CompletableFuture<String>> results = whileFirstCommits(group, "b", "c", "d");

        assertThat(results).extracting(result -> result.get(5, TimeUnit.SECONDS))
                .containsExactly("FIRST", "B", "C", "D");
        assertThat(transactions.commits).containsExactly(List.of(FIRST), List.of("b", "c", "d"));
    }

    @Test
    void aGroupTakesItsItemsInLockOrderWhateverOrderTheyArrivedIn() throws Exception {
        GroupCommit<String, String> group = groupCommit(this::write, 1);

        whileFirstCommits(group, "d", "b", "c").get(3).get(5, TimeUnit.SECONDS);

        assertThat(transactions.commits).containsExactly(List.of(FIRST), List.of("b", "c", "d"));
    }

    @Test
    void oneItemsFailureIsThatItemsAloneAndUndoesOnlyWhatItWrote() throws Exception {
        GroupCommit<String, String> group = groupCommit(this::write, 1);

        List<CompletableFuture<String>> results = whileFirstCommits(group, "a", "boom", "c");

        assertThat(results.get(2)).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingRootCause().isInstanceOf(IllegalStateException.class).withMessage("boom failed");
        assertThat(results.get(1).get(5, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(results.get(3).get(5, TimeUnit.SECONDS)).isEqualTo("C");
        assertThat(transactions.commits).containsExactly(List.of(FIRST), List.of("a", "c"));
    }

    @Test
    void aFailedGroupCommitIsRetriedItemByItemSoTheOthersAreNotLost() throws Exception {
        GroupCommit<String, String> group = groupCommit(this::write, 1);

        List<CompletableFuture<String>> results = whileFirstCommits(group, "a", JournalTransactions.UNCOMMITTABLE, "c");

        assertThat(results.get(1).get(5, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(results.get(2)).failsWithin(Duration.ofSeconds(5));
        assertThat(results.get(3).get(5, TimeUnit.SECONDS)).isEqualTo("C");
        assertThat(transactions.commits).containsExactly(List.of(FIRST), List.of("a"), List.of("c"));
    }

    @Test
    void aLostUniqueKeyIsUndoneAndTriedAgainUpToTheAttempts() {
        AtomicInteger tries = new AtomicInteger();
        Function<String, String> losesOnce = item -> {
            transactions.write(item + " try " + tries.incrementAndGet());
            if (tries.get() == 1) {
                throw new DuplicateKeyException("another replica wrote it first");
            }
            return "joined";
        };

        assertThat(groupCommit(losesOnce, 2).run("x")).isEqualTo("joined");
        assertThat(transactions.commits).containsExactly(List.of("x try 2"));
    }

    @Test
    void aUniqueKeyStillLostAfterTheLastAttemptFailsTheCallerAndWritesNothing() {
        Function<String, String> alwaysLoses = item -> {
            transactions.write(item);
            throw new DuplicateKeyException("another replica wrote it first");
        };

        assertThatThrownBy(() -> groupCommit(alwaysLoses, 2).run("x")).isInstanceOf(DuplicateKeyException.class);
        assertThat(transactions.commits).containsExactly(List.of());
    }

    @Test
    void insideTheCallersTransactionTheWorkJoinsItAtOnceInsteadOfWaitingForAGroup() throws Exception {
        GroupCommit<String, String> group = groupCommit(this::write, 1);
        CompletableFuture<String> first = onItsOwnThread(group, FIRST);
        assertThat(firstEntered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<String> inTransaction = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            transactions.write("caller's own");
            return group.run("x");
        }));

        // done and committed with the caller's own writes while the group's commit is still open
        assertThat(inTransaction.get(5, TimeUnit.SECONDS)).isEqualTo("X");
        assertThat(transactions.commits).containsExactly(List.of("caller's own", "x"));
        firstMayCommit.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("FIRST");
    }

    /**
     * Runs {@code FIRST} and holds its commit open until {@code others}, each on its own thread, are
     * queued and waiting for the committer; the results in the order FIRST, others.
     */
    private List<CompletableFuture<String>> whileFirstCommits(GroupCommit<String, String> group, String... others)
            throws InterruptedException {
        List<CompletableFuture<String>> results = new ArrayList<>();
        results.add(onItsOwnThread(group, FIRST));
        assertThat(firstEntered.await(5, TimeUnit.SECONDS)).isTrue();
        for (String item : others) {
            results.add(onItsOwnThread(group, item));
            Thread caller = threads.get(threads.size() - 1);
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> caller.getState() == Thread.State.WAITING);
        }
        firstMayCommit.countDown();
        return results;
    }

    private CompletableFuture<String> onItsOwnThread(GroupCommit<String, String> group, String item) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(group.run(item));
            } catch (RuntimeException failed) {
                result.completeExceptionally(failed);
            }
        }, "caller-" + item);
        threads.add(thread);
        thread.start();
        return result;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
