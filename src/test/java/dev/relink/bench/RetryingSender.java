package dev.relink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.relink.support.JarFixture;

/**
 * Belvo as the fault benchmark plays it: each webhook to the next replica in turn (a load balancer),
 * and, until one answers 2xx, again after a growing wait (1 s, then up to 5 s), to the other replica,
 * for up to {@code patience}: what was not answered 2xx by then counts as unanswered.
 */
final class RetryingSender implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final List<Integer> ports;
    private final long patienceNanos;
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();

    RetryingSender(List<Integer> ports, Duration patience) {
        this.ports = ports;
        this.patienceNanos = patience.toNanos();
    }

    /** Sends {@code count} webhooks, webhook {@code n} made by {@code body}, spread evenly over {@code over}. */
    void stream(int count, Duration over, java.util.function.IntFunction<String[]> idAndBody) {
        long gap = over.toNanos() / count;
        for (int n = 0; n < count; n++) {
            String[] webhook = idAndBody.apply(n);
            int turn = n;
            waiting.incrementAndGet();
            timer.schedule(() -> deliver(webhook[0], webhook[1], turn, 0, System.nanoTime()), n * gap, TimeUnit.NANOSECONDS);
        }
    }

    /** True once every webhook streamed so far was answered 2xx or given up. */
    boolean done() {
        return waiting.get() == 0;
    }

    private void deliver(String id, String body, int turn, int attempt, long first) {
        sent.incrementAndGet();
        int port = ports.get((turn + attempt) % ports.size());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/belvo"))
                .header("Authorization", JarFixture.WEBHOOK_AUTHORIZATION).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                accepted.add(id);
                waiting.decrementAndGet();
            } else if (System.nanoTime() - first > patienceNanos) {
                unanswered.incrementAndGet();
                waiting.decrementAndGet();
            } else {
                retries.incrementAndGet();
                timer.schedule(() -> deliver(id, body, turn, attempt + 1, first), Math.min(5, 1 + attempt),
                        TimeUnit.SECONDS);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
