package dev.relink.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a batch hands to another flow goes once the batch committed, and never when it rolls back or
 * its commit fails: then nothing outside the database runs for work that is undone.
 */
class AfterCommitTest {

    private final JournalTransactions transactions = new JournalTransactions();
    private final TransactionTemplate batch = new TransactionTemplate(transactions);
    private final List<String> handedOn = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private AfterCommit afterCommit;

    @BeforeEach
    void otherFlow() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:other-flow").process(exchange -> handedOn.add(exchange.getMessage().getBody(String.class)));
            }
        });
        camel.start();
        afterCommit = new AfterCommit(camel.createProducerTemplate());
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private void handOn(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        afterCommit.to("direct:other-flow", exchange);
    }

    @Test
    void whatABatchHandsOnGoesOnceItCommitted() {
        batch.executeWithoutResult(status -> {
            transactions.write("a");
            handOn("a");
            transactions.write("b");
            handOn("b");
            assertThat(handedOn).as("before the commit").isEmpty();
        });

        assertThat(transactions.commits).containsExactly(List.of("a", "b"));
        assertThat(handedOn).containsExactly("a", "b");
    }

    @Test
    void aBatchThatRollsBackHandsNothingOn() {
        batch.executeWithoutResult(status -> {
            handOn("a");
            status.setRollbackOnly();
        });

        assertThat(handedOn).isEmpty();
    }

    @Test
    void aBatchWhoseCommitFailsHandsNothingOn() {
        assertThatThrownBy(() -> batch.executeWithoutResult(status -> {
            transactions.write(JournalTransactions.UNCOMMITTABLE);
            handOn("a");
        })).isInstanceOf(TransactionSystemException.class);

        assertThat(handedOn).isEmpty();
    }

    @Test
    void outsideABatchTheMessageGoesAtOnce() {
        handOn("a");

        assertThat(handedOn).containsExactly("a");
    }
}
