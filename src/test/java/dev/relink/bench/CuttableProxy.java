package dev.relink.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.relink.support.FreePorts;


/**
 * A TCP proxy in front of PostgreSQL that the fault benchmark can cut, as a network partition does:
 * while cut, nothing goes through in either direction and new connections are accepted but not
 * connected on (no refusal, no reset: the database is unreachable, its packets lost), until it is
 * restored and everything held goes on.
 */
final class CuttableProxy implements AutoCloseable {

    private final int target;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "faults-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch open = new CountDownLatch(0);

    CuttableProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(FreePorts.next(), 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing passes (the bytes wait), until {@link #restore}. */
    void cut() {
        open = new CountDownLatch(1);
    }

    void restore() {
        open.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        try {
            open.await();
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            sockets.add(client);
            sockets.add(upstream);
            threads.execute(() -> pipe(client, upstream));
            threads.execute(() -> pipe(upstream, client));
        } catch (IOException e) {
            close(client); // the server is down: as it would refuse the client
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                open.await();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        restore();
        server.close();
        sockets.forEach(this::close);
        threads.shutdownNow();
    }
}
