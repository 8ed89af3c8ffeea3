package dev.relink.database;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A route's {@code policy} step that runs its steps in one transaction ({@code batchTransaction}: a
 * claimed batch, one commit) or behind a savepoint of the batch's transaction ({@code savepoint}: one
 * item of it, undone alone when it fails). The steps fail when they end with an exception or when an
 * error policy gave up on them (and dead-lettered them): then what they wrote is rolled back. A batch the
 * database failed under ends with {@link BatchLost}.
 */
public final class TransactionPolicy implements Policy {

    private final TransactionTemplate tx;
    private final boolean batch;

    TransactionPolicy(TransactionTemplate tx, boolean batch) {
        this.tx = tx;
        this.batch = batch;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        if (!batch) {
            return exchange -> {
                tx.executeWithoutResult(status -> run(steps, exchange, status));
                if (exchange.getException() == null) {
                    // dead-lettered and undone alone: the item is over, its batch goes on with the next one
                    // (a split that stops on an exception would otherwise stop at it, and end the batch)
                    exchange.getExchangeExtension().setErrorHandlerHandled(null);
                }
            };
        }
        return exchange -> {
            if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof BatchLost) {
                exchange.removeProperty(Exchange.EXCEPTION_CAUGHT); // a retry: its items start clean
            }
            Object input = exchange.getMessage().getBody();
            try {
                tx.executeWithoutResult(status -> DatabaseAway.duringBatch(() -> run(steps, exchange, status)));
            } catch (RuntimeException commitOrRollback) {
                exchange.setException(commitOrRollback);
            }
            // the database failed under the batch (a step's query, a savepoint, the commit): the batch's failure
            if (exchange.getException() != null && DatabaseAway.isCause(exchange.getException())) {
                exchange.setException(new BatchLost(route.getRouteId(), exchange.getException()));
                exchange.getMessage().setBody(input); // a retry starts the batch over, not from where it broke
                // the item's error handler passed the error up unhandled; the batch's own policy handles it
                exchange.getExchangeExtension().setRedeliveryExhausted(false);
                exchange.getExchangeExtension().setErrorHandlerHandled(null);
            }
        };
    }

    private static void run(Processor steps, Exchange exchange, TransactionStatus status) {
        try {
            steps.process(exchange);
        } catch (Exception failed) {
            exchange.setException(failed);
        }
        if (failed(exchange)) {
            status.setRollbackOnly();
        }
    }

    private static boolean failed(Exchange exchange) {
        return exchange.getException() != null || exchange.isRollbackOnly()
                || exchange.getExchangeExtension().isErrorHandlerHandledSet()
                        && exchange.getExchangeExtension().isErrorHandlerHandled();
    }
}
