package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SmsOutboxTest {

    @Test
    void concurrentSendersLoseNothingAndTheOutboxStaysBounded() throws Exception {
        SmsOutbox outbox = new SmsOutbox(Clock.systemUTC());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int sender = 0; sender < 8; sender++) {
                int from = sender;
                done.add(senders.submit(() -> IntStream.range(0, 100)
                        .forEach(i -> outbox.record("+52155" + from, "message " + from + "-" + i))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }
        assertThat(outbox.messages()).hasSize(800);
        assertThat(outbox.messages()).extracting(SmsOutbox.Sms::id).doesNotHaveDuplicates();

        IntStream.range(0, SmsOutbox.CAPACITY).forEach(i -> outbox.record("+5215500000000", "later " + i));
        assertThat(outbox.messages()).hasSize(SmsOutbox.CAPACITY);
        assertThat(outbox.messages().get(0).body()).isEqualTo("later " + (SmsOutbox.CAPACITY - 1));
    }
}
