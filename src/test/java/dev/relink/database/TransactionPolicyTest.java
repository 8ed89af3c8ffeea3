package dev.relink.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The routes' policies {@code batchTransaction} and {@code savepoint}, in the shape of the inbox's
 * route: a batch split item by item in one transaction, each item behind a savepoint. An item that
 * throws, or that its error policy dead-letters, is undone alone; the others commit together.
 */
class TransactionPolicyTest {

    private final JournalTransactions transactions = new JournalTransactions();
    private CamelContext camel;

    @BeforeEach
    void routes() throws Exception {
        TransactionPolicies policies = new TransactionPolicies();
        TransactionPolicy batch = policies.batchTransaction(transactions);
        TransactionPolicy savepoint = policies.savepoint(transactions);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:batch").policy(batch)
                        .split(body())
                            .doTry()
                                .policy(savepoint).to("direct:item").endDoTry()
                            .doCatch(Exception.class)
                            .end()
                        .end();
                from("direct:item").errorHandler(noErrorHandler())
                        .process(exchange -> {
                            String item = exchange.getMessage().getBody(String.class);
                            transactions.write(item);
                            if (item.startsWith("boom")) {
                                throw new IllegalStateException(item + " failed");
                            }
                        })
                        .filter(simple("${body} startsWith 'dead'")).to("direct:guarded");
                // a flow whose error policy gives up on the message and dead-letters it (handled)
                from("direct:guarded").errorHandler(deadLetterChannel("direct:dead-letter"))
                        .throwException(new IllegalStateException("given up"));
                from("direct:dead-letter").process(exchange -> { });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aBatchIsOneCommit() {
        camel.createProducerTemplate().sendBody("direct:batch", List.of("a", "b", "c"));

        assertThat(transactions.commits).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void anItemThatFailsOrIsDeadLetteredIsUndoneAloneAndTheOthersCommitTogether() {
        camel.createProducerTemplate().sendBody("direct:batch", List.of("a", "dead", "b", "boom", "c"));

        assertThat(transactions.commits).containsExactly(List.of("a", "b", "c"));
    }
}
