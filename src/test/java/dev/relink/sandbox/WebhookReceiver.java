package dev.relink.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP endpoint the emulator's webhooks are sent to, for each test ({@code @RegisterExtension}):
 * each delivery's Authorization and body, answered 202.
 */
final class WebhookReceiver implements BeforeEachCallback, AfterEachCallback {

    private HttpServer server;
    private final BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        received.clear();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(Map.of("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next delivery within 5 seconds, or null. */
    Map<String, String> next() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop(0);
    }
}
