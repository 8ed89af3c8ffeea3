package dev.relink.database;

/**
 * A batch's transaction undone because the database failed under it ({@link DatabaseAway}): nothing of
 * the batch was committed, and what it was doing is still in the database (inbox rows claimed, incidents
 * waiting for their re-check, steps claimed), so it is taken again as a batch, never dead-lettered item
 * by item (error-policies.yaml, batch and inbox-batch).
 */
public class BatchLost extends RuntimeException {

    BatchLost(String routeId, Throwable cause) {
        super("Batch of route " + routeId + " undone, the database failed under it: " + cause.getMessage(), cause);
    }
}
