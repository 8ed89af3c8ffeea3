package dev.relink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.relink.support.FreePorts;
import dev.relink.support.TempDirectories;

/**
 * A PostgreSQL server the fault benchmark can crash: zonky's embedded binaries, started once by zonky
 * on a data directory of our own, then stopped with {@code pg_ctl stop -m immediate} (the postmaster
 * and its backends quit at once, no checkpoint: what a crash leaves) and started again with
 * {@code pg_ctl start}, which replays the WAL. {@code synchronous_commit} is on, as PostgreSQL's own
 * default and Relink's docs ask (zonky turns it off): a commit returns once its WAL is written, so an
 * immediate stop loses nothing committed. zonky's {@code -F} (no fsync) stays: an immediate stop keeps
 * the operating system's page cache; a power cut is not what this measures.
 */
final class CrashablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path pgCtl;
    private final Path log;

    private CrashablePostgres(Path dataDir, int port, Path pgCtl) throws IOException {
        this.dataDir = dataDir;
        this.port = port;
        this.pgCtl = pgCtl;
        this.log = Files.createTempFile("relink-faults-pg-", ".log");
    }

    @SuppressWarnings("resource") // stopped with pg_ctl (close), not by zonky, whose process handle a crash outlives
    static CrashablePostgres start() throws IOException {
        Path dataDir = TempDirectories.create("relink-faults-pg-");
        int port = FreePorts.next();
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").start();
        Path postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(dataDir.toString())).orElse(false))
                .map(p -> Path.of(p.info().command().orElseThrow()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no postgres process on " + dataDir));
        return new CrashablePostgres(dataDir, port, postgres.resolveSibling("pg_ctl"));
    }

    int port() {
        return port;
    }

    String jdbcUrl(int viaPort) {
        return "jdbc:postgresql://localhost:" + viaPort + "/postgres";
    }

    /** A connection straight to the server (not through the proxy), for the ledger. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(port), "postgres", "postgres");
    }

    /** What a crash of the server leaves: every process gone at once, no checkpoint. */
    void crash() throws IOException, InterruptedException {
        pgCtl("stop", "-m", "immediate");
    }

    /** Starts it again on the same data directory and port: crash recovery replays the WAL. */
    void restart() throws IOException, InterruptedException {
        pgCtl("start", "-l", log.toString(), "-o",
                "-p " + port + " -F -c synchronous_commit=on -c max_connections=300 -c timezone=UTC");
    }

    private void pgCtl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(pgCtl.toString(), "-D", dataDir.toString(), "-w"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + ": " + output);
        }
    }

    @Override
    public void close() throws Exception {
        pgCtl("stop", "-m", "fast");
    }
}
