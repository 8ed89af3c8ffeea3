package dev.relink.database;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The routes' two transaction policies ({@link TransactionPolicy}): a batch's one transaction, and an item's savepoint in it. */
@Configuration(proxyBeanMethods = false)
class TransactionPolicies {

    @Bean
    TransactionPolicy batchTransaction(PlatformTransactionManager transactions) {
        return new TransactionPolicy(new TransactionTemplate(transactions), true);
    }

    @Bean
    TransactionPolicy savepoint(PlatformTransactionManager transactions) {
        TransactionTemplate nested = new TransactionTemplate(transactions);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new TransactionPolicy(nested, false);
    }
}
