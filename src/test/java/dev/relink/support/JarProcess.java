package dev.relink.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The packaged {@code target/relink.jar} started as its own JVM, as a container or a user would
 * run it: for tests of what the jar does with real configuration, and of crashes ({@link #kill()}
 * is {@code kill -9}). It names no profile: a jar started without one is prod, so a caller that wants
 * the local settings passes {@code SPRING_PROFILES_ACTIVE=local} or {@code --spring.profiles.active=local};
 * one that wants the emulator too uses {@link #startWithEmulator}.
 */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "relink.jar");

    /** The build's JVM options for what tests start (pom.xml {@code relink.test.jvm}); none in a benchmark. */
    private static final List<String> TEST_JVM_OPTIONS =
            Arrays.stream(System.getProperty("relink.test.jar-jvm", "").split(" ")).filter(o -> !o.isBlank()).toList();

    private final Process process;
    private final Path log;
    private final int port;

    private JarProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with exactly this environment (plus PATH and JAVA_HOME) and waits for readiness. */
    public static JarProcess start(Map<String, String> environment, int port, Path workingDir) throws IOException {
        return start(List.of("-jar", JAR.toAbsolutePath().toString()), environment, port, workingDir);
    }

    /**
     * Starts the app with the emulator beside it, as {@code ./mvnw spring-boot:run} does: the jar has no
     * emulator (src/sandbox is test classpath only), so this runs {@code RelinkApplication} on this JVM's
     * own classpath, which a test or benchmark run has made of the build's classes, test classes and
     * test-scope dependencies. Otherwise as {@link #start}.
     */
    public static JarProcess startWithEmulator(Map<String, String> environment, int port, Path workingDir)
            throws IOException {
        // absolute: the app runs in workingDir
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        return start(List.of("-cp", classpath, "dev.relink.RelinkApplication"), environment, port, workingDir);
    }

    private static JarProcess start(List<String> launch, Map<String, String> environment, int port, Path workingDir)
            throws IOException {
        Path log = Files.createTempFile("relink-jar-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(TEST_JVM_OPTIONS);
        command.addAll(launch);
        command.add("--server.port=" + port);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("RELINK_"));
        builder.environment().putAll(environment);
        JarProcess jar = new JarProcess(builder.start(), log, port);
        try {
            // generous: on a loaded two-core machine the jar has taken over two minutes to start
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!jar.process.isAlive()) {
                    throw new IllegalStateException("relink.jar exited with " + jar.process.exitValue() + ":\n" + jar.output());
                }
                return jar.readiness() == 200;
            });
        } catch (RuntimeException e) {
            jar.close();
            throw e;
        }
        return jar;
    }

    /** How a run of the jar that is expected to end ended: its exit code and everything it printed. */
    public record Ended(int exitCode, String output, Duration took) {
    }

    /** Runs the jar with {@code args} in {@code workingDir} until it exits (at most {@code timeout}), without waiting for readiness. */
    public static Ended runToEnd(List<String> args, Path workingDir, Duration timeout) throws IOException, InterruptedException {
        return runToEnd(args, Map.of(), workingDir, timeout);
    }

    /** The same with exactly this environment (plus PATH and JAVA_HOME), as a container passes it. */
    public static Ended runToEnd(List<String> args, Map<String, String> environment, Path workingDir, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("relink-jar-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(TEST_JVM_OPTIONS);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("RELINK_"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("relink.jar " + args + " did not end within " + timeout + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Ended(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - started));
    }

    public int port() {
        return port;
    }

    /** The JVM's process id (benchmarks read its CPU time from /proc). */
    public long pid() {
        return process.pid();
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    int readiness() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * SIGTERM, as Kubernetes and {@code docker stop} send it, then waits up to {@code limit} (their grace
     * period) for the JVM to exit on its own; fails if it did not, after killing it as they would.
     */
    public Ended stopGracefully(Duration limit) throws IOException, InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("relink.jar did not stop within " + limit + ":\n" + output());
        }
        return new Ended(process.exitValue(), output(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Like {@code kill -9}: no shutdown hooks, no flushing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
