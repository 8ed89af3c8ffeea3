package dev.relink.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;

/**
 * The emulator's people ({@link PeopleModel}) acting it out, as a person with a browser would: they read
 * the prompts Relink sent (the mails the embedded SMTP server received, the captured SMS and WhatsApp
 * messages: what {@code /sandbox/outbox} shows), open the repair link, press its button (the page's
 * same-origin POST), and in the stand-in widget send the MFA code or a new password (which the widget's
 * server half hands to the emulator's {@code PUT /api/links/{id}/}), then tell the page the widget's
 * outcome ({@code /repair/{token}/events}) as the page's script does. Relink then re-reads the link and
 * finds it valid. Broken links are also repaired without a prompt, as the model says.
 *
 * <p>Every delay is counted on the app's {@link Clock}: a tick does what is due by then. Ticks come every
 * {@code relink.sandbox.people-tick} (1 s) and on {@code POST /sandbox/admin/people/tick}, so a test that
 * moves the clock has everything due done when that call answers.
 */
@Component
@SandboxEnabled
public class SandboxPeople implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxPeople.class);
    private static final Pattern REPAIR_URL = Pattern.compile("https?://[^\\s\"'<>]+/repair/[A-Za-z0-9._~-]+");
    private static final Pattern ACCESS = Pattern.compile("data-access=\"([^\"]+)\"");
    private static final Pattern EVENTS = Pattern.compile("data-events-url=\"([^\"]+)\"");
    private static final String WIDGET_SESSION = "/sandbox/widget/session";
    private static final int ACTORS = 8;

    /** A prompt one person read: where, rendered from which variant, and the link in it. */
    private record Prompt(String key, String channel, String variant, URI repairUrl) {
    }

    /** Something a person does at {@code at}, on the app's clock. */
    private record Due(Instant at, long order, Runnable act) {
    }

    /** What a person does: calls to the app over HTTP. */
    private interface Act {
        void run() throws IOException, InterruptedException;
    }

    /** What the people did since the model was set; {@code waiting}: what they will do once its time comes. */
    public record Counts(long read, long started, long finished, long left, long unprompted, long failed, int waiting) {
    }

    private final ObjectProvider<GreenMail> smtp;
    private final ObjectProvider<SmsOutbox> sms;
    private final SandboxLinks links;
    private final Clock clock;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService actors = Executors.newFixedThreadPool(ACTORS, daemon("sandbox-person-"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-people-tick"));
    private final PriorityQueue<Due> agenda = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
    private final AtomicLong order = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong left = new AtomicLong();
    private final AtomicLong unprompted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private volatile PeopleModel model = PeopleModel.NOBODY;
    private int mailsRead;
    private final Set<String> smsRead = new HashSet<>();
    private final Set<String> linksSeen = new HashSet<>();

    SandboxPeople(ObjectProvider<GreenMail> smtp, ObjectProvider<SmsOutbox> sms, SandboxLinks links, Clock clock,
            ObjectMapper json, @Value("${relink.sandbox.people-tick:1s}") Duration every) {
        this.smtp = smtp;
        this.sms = sms;
        this.links = links;
        this.clock = clock;
        this.json = json;
        ticker.scheduleWithFixedDelay(this::tickQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    PeopleModel model() {
        return model;
    }

    /**
     * From now on the people act as {@code next} says, on prompts sent from now on (those already in the
     * outbox are taken as read) and links broken now or later; what the previous model had planned is dropped.
     */
    synchronized Counts use(PeopleModel next) {
        synchronized (agenda) {
            agenda.clear();
        }
        GreenMail server = smtp.getIfAvailable();
        mailsRead = server == null ? 0 : server.getReceivedMessages().length;
        smsRead.clear();
        sms.stream().flatMap(outbox -> outbox.messages().stream()).forEach(message -> smsRead.add(message.id()));
        linksSeen.clear();
        List.of(read, started, finished, left, unprompted, failed).forEach(count -> count.set(0));
        model = next;
        return counts();
    }

    /** Reads what arrived, plans what the people will do, and does everything due by the clock's now. */
    public synchronized Counts tick() {
        PeopleModel people = model;
        if (people.isNobody()) {
            return counts();
        }
        Instant now = clock.instant();
        for (Prompt prompt : newPrompts(people)) {
            read.incrementAndGet();
            PeopleModel.Step start = people.start(prompt.key(), prompt.channel(), prompt.variant());
            if (start.happens()) {
                plan(now.plus(start.after()), () -> start(people, prompt));
            }
        }
        for (SandboxLink link : links.page(link -> !Link.VALID.equals(link.status()) && !linksSeen.contains(link.id()),
                0, Integer.MAX_VALUE).results()) {
            linksSeen.add(link.id());
            PeopleModel.Step repair = people.unpromptedRepair(link.id());
            if (repair.happens()) {
                plan(now.plus(repair.after()), () -> repairAtTheBank(link));
            }
        }
        doWhatIsDue();
        return counts();
    }

    Counts counts() {
        int waiting;
        synchronized (agenda) {
            waiting = agenda.size();
        }
        return new Counts(read.get(), started.get(), finished.get(), left.get(), unprompted.get(), failed.get(), waiting);
    }

    /** Everything due by now, people side by side; what they do may make more due (a widget finished at once). */
    private void doWhatIsDue() {
        while (true) {
            List<Callable<Object>> due = new ArrayList<>();
            synchronized (agenda) {
                Instant now = clock.instant();
                while (!agenda.isEmpty() && !agenda.peek().at().isAfter(now)) {
                    Runnable act = agenda.poll().act();
                    due.add(Executors.callable(act));
                }
            }
            if (due.isEmpty()) {
                return;
            }
            try {
                actors.invokeAll(due);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void plan(Instant at, Act act) {
        Runnable guarded = () -> {
            try {
                act.run();
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
                log.debug("A sandbox person could not go on: {}", e.toString());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        };
        synchronized (agenda) {
            agenda.add(new Due(at, order.incrementAndGet(), guarded));
        }
    }

    /** Prompts that arrived since the last tick and carry a repair link. */
    private List<Prompt> newPrompts(PeopleModel people) {
        List<Prompt> prompts = new ArrayList<>();
        GreenMail server = smtp.getIfAvailable();
        if (server != null) {
            MimeMessage[] received = server.getReceivedMessages();
            for (; mailsRead < received.length; mailsRead++) {
                MimeMessage mail = received[mailsRead];
                try {
                    Map<String, String> parts = new LinkedHashMap<>();
                    SandboxOutbox.collectText(mail, parts);
                    String words = mail.getSubject() + "\n" + parts.getOrDefault("text/plain", parts.get("text/html"));
                    String key = mail.getMessageID() != null ? mail.getMessageID() : "mail#" + mailsRead;
                    prompt(prompts, people, key, "email", words);
                } catch (MessagingException | IOException unreadable) {
                    failed.incrementAndGet();
                }
            }
        }
        List<SmsOutbox.Sms> texts = sms.stream().flatMap(outbox -> outbox.messages().stream()).toList();
        for (int i = texts.size() - 1; i >= 0; i--) { // oldest first, as they arrived
            SmsOutbox.Sms text = texts.get(i);
            if (smsRead.add(text.id())) {
                prompt(prompts, people, text.id(), text.to().startsWith("whatsapp:") ? "whatsapp" : "sms", text.body());
            }
        }
        return prompts;
    }

    private static void prompt(List<Prompt> prompts, PeopleModel people, String key, String channel, String words) {
        Matcher url = words == null ? null : REPAIR_URL.matcher(words);
        if (url != null && url.find()) {
            prompts.add(new Prompt(key, channel, people.variantOf(words), URI.create(url.group())));
        }
    }

    /** Opens the link, presses the button, and has the widget say what it asks; then finishes or leaves, later. */
    private void start(PeopleModel people, Prompt prompt) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(prompt.repairUrl()).GET());
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(prompt.repairUrl() + "/start"))
                .header("Sec-Fetch-Site", "same-origin").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        Matcher access = ACCESS.matcher(page.body());
        Matcher events = EVENTS.matcher(page.body());
        if (page.statusCode() != 200 || !access.find() || !events.find()) {
            failed.incrementAndGet(); // fixed already, expired, throttled or Belvo failing: the page said so
            return;
        }
        started.incrementAndGet();
        String bearer = "Bearer " + access.group(1);
        URI widget = prompt.repairUrl().resolve(WIDGET_SESSION);
        URI outcome = prompt.repairUrl().resolve(events.group(1));
        JsonNode session = json.readTree(send(HttpRequest.newBuilder(widget).header("Authorization", bearer).GET()).body());
        String institution = session.path("institution").asText();
        PeopleModel.Step finish = people.finish(prompt.key(), prompt.channel(), prompt.variant(), institution);
        plan(clock.instant().plus(finish.after()), () -> {
            if (finish.happens()) {
                finish(widget, bearer, outcome, session);
            } else {
                event(outcome, Map.of("type", "exit", "data", Map.of("meta_data",
                        Map.of("institution_name", institution, "step", "abandon-survey"))));
                left.incrementAndGet();
            }
        });
    }

    /** The widget's form: Heimdall's sandbox MFA code, or a new password; on success the page's callback. */
    private void finish(URI widget, String bearer, URI outcome, JsonNode session) throws IOException, InterruptedException {
        Map<String, String> answer = "token".equals(session.path("asks").asText()) ? Map.of("token", SandboxBank.VALID_TOKEN)
                : Map.of("password", "a-new-password");
        HttpResponse<String> done = send(HttpRequest.newBuilder(widget).header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(answer))));
        JsonNode link = json.readTree(done.body());
        if (done.statusCode() != 200 || !Link.VALID.equals(link.path("status").asText())) {
            failed.incrementAndGet(); // e.g. the widget token ran out (10 minutes) while they took their time
            return;
        }
        event(outcome, Map.of("type", "success", "link", link.path("link_id").asText(),
                "institution", link.path("institution").asText()));
        finished.incrementAndGet();
    }

    private void repairAtTheBank(SandboxLink link) {
        if (!Link.VALID.equals(link.status())) {
            link.accessed(clock.instant());
            unprompted.incrementAndGet();
        }
    }

    private void event(URI outcome, Map<String, Object> body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(outcome).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("The sandbox people's tick failed: {}", e.toString());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        actors.shutdownNow();
    }
}
