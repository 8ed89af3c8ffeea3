package dev.relink.detect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Quartz scheduler behind {@code quartz:} endpoints (camel-quartz picks up this bean). On
 * PostgreSQL it uses Quartz's clustered JDBC job store on the app's own connection pool, so several
 * replicas run each poll once per schedule; on H2 (one instance) the in-memory store.
 */
@Configuration(proxyBeanMethods = false)
class PollScheduler {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    @Bean(destroyMethod = "shutdown")
    Scheduler quartzScheduler(PollProperties poll, DataSource dataSource,
            @Value("${spring.datasource.url:}") String datasourceUrl) throws SchedulerException {
        boolean clustered = switch (poll.jobStore().toLowerCase(Locale.ROOT)) {
            case "jdbc" -> true;
            case "memory" -> false;
            case "auto" -> datasourceUrl.startsWith("jdbc:postgresql:");
            default -> throw new IllegalArgumentException(
                    "relink.poll.job-store must be auto, jdbc or memory; got '" + poll.jobStore() + "'");
        };
        Properties quartz = new Properties();
        quartz.put("org.quartz.scheduler.instanceName", "relink");
        quartz.put("org.quartz.scheduler.instanceId", "AUTO");
        quartz.put("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.put("org.quartz.threadPool.threadCount", "2");
        // A run more than this late (the app was busy or down) is a misfire, and the poll's misfire
        // instruction skips it: the next tick polls anyway, so a late burst of catch-up runs is useless.
        quartz.put("org.quartz.jobStore.misfireThreshold", String.valueOf(poll.misfireThreshold().toMillis()));
        if (clustered) {
            // Quartz looks data sources up by name in a JVM-wide registry; a unique name per app context
            // keeps several contexts in one JVM (tests) apart.
            String name = "relink-" + UUID.randomUUID();
            DBConnectionManager.getInstance().addConnectionProvider(name, new PooledConnections(dataSource));
            quartz.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            quartz.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            quartz.put("org.quartz.jobStore.dataSource", name);
            quartz.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
            quartz.put("org.quartz.jobStore.isClustered", "true");
            quartz.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(poll.clusterCheckin().toMillis()));
            quartz.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        } else {
            quartz.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        quartz.putAll(poll.quartz());
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        // StdSchedulerFactory hands out one scheduler per name per JVM; forget it so that a second app
        // context in the same JVM builds its own instead of sharing this one.
        SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
        log.info("Quartz job store: {}", clustered ? "clustered JDBC (PostgreSQL)" : "in memory (single instance)");
        return scheduler;
    }

    /** Hands Quartz connections from the app's pool. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to Spring, which closes it.
        }

        @Override
        public void initialize() {
            // Nothing to set up: the pool already exists.
        }
    }
}
