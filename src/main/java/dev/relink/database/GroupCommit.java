package dev.relink.database;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the same small piece of work for threads that arrive together in one transaction, so a burst
 * pays one commit per group instead of one per item: H2 writes its store once per commit, one
 * committer at a time, and in the burst benchmark those commits were what the first emails waited
 * for. No thread of its own: the caller that gets the lock commits everything queued by then, its
 * own item included, while the others wait for their result. Each caller returns only once its work
 * is committed, and each item runs behind a savepoint, so one item's failure is that item's alone.
 * A {@link DuplicateKeyException} (another replica wrote the same unique key first) or a lock
 * conflict rolls the item back to its savepoint and runs it again, up to {@code attempts} times, so
 * that it joins what the other wrote. A group takes its items in {@code lockOrder}, so that two
 * replicas' groups touching the same rows lock them in the same order and never deadlock.
 *
 * @param <T> what each caller hands in
 * @param <R> what each caller gets back
 */
public final class GroupCommit<T, R> {

    private static final int MAX_GROUP = 100;

    private record Pending<T, R>(T item, CompletableFuture<R> done) {
    }

    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();
    private final TransactionTemplate tx;
    private final Function<T, R> work;
    private final int attempts;
    private final Comparator<Pending<T, R>> lockOrder;

    public GroupCommit(TransactionTemplate tx, Function<T, R> work, int attempts, Comparator<T> lockOrder) {
        this.tx = tx;
        this.work = work;
        this.attempts = attempts;
        this.lockOrder = Comparator.comparing(Pending::item, lockOrder);
    }

    /** The work's result for {@code item}, committed; or the work's exception. */
    public R run(T item) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return tx.execute(status -> withRetries(item, status)); // the caller's transaction commits it
        }
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        queue.add(pending);
        committer.lock();
        try {
            while (!pending.done().isDone()) {
                commitGroup();
            }
        } finally {
            committer.unlock();
        }
        try {
            return pending.done().join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private void commitGroup() {
        List<Pending<T, R>> group = new ArrayList<>();
        for (Pending<T, R> next; group.size() < MAX_GROUP && (next = queue.poll()) != null;) {
            group.add(next);
        }
        group.sort(lockOrder);
        List<Object> outcomes = new ArrayList<>();
        try {
            tx.executeWithoutResult(status -> group.forEach(pending -> outcomes.add(behindSavepoint(pending.item(), status))));
        } catch (RuntimeException groupFailed) {
            // The commit itself failed, or a participant marked the whole transaction rollback-only:
            // each item again in a transaction of its own, so the others are not lost with it.
            group.forEach(this::alone);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i).done(), outcomes.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void complete(CompletableFuture<R> done, Object outcome) {
        if (outcome instanceof Failure failure) {
            done.completeExceptionally(failure.cause());
        } else {
            done.complete((R) outcome);
        }
    }

    private record Failure(RuntimeException cause) {
    }

    private Object behindSavepoint(T item, TransactionStatus status) {
        try {
            return withRetries(item, status);
        } catch (RuntimeException failed) {
            return new Failure(failed);
        }
    }

    /** The work behind a savepoint: what it wrote is undone when it throws; a lost unique key is tried again. */
    private R withRetries(T item, TransactionStatus status) {
        for (int attempt = 1; ; attempt++) {
            Object savepoint = status.createSavepoint();
            try {
                R result = work.apply(item);
                status.releaseSavepoint(savepoint);
                return result;
            } catch (DuplicateKeyException | PessimisticLockingFailureException writtenMeanwhile) {
                status.rollbackToSavepoint(savepoint);
                if (attempt >= attempts) {
                    throw writtenMeanwhile;
                }
            } catch (RuntimeException failed) {
                status.rollbackToSavepoint(savepoint);
                throw failed;
            }
        }
    }

    private void alone(Pending<T, R> pending) {
        try {
            pending.done().complete(tx.execute(status -> withRetries(pending.item(), status)));
        } catch (RuntimeException failed) {
            pending.done().completeExceptionally(failed);
        }
    }
}
