package org.kvmlab.review.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmlab.review.files.FileTrees;

/**
 * Debian's headless Chromium driven over the DevTools protocol with the JDK's own HTTP client and
 * WebSocket: nothing is downloaded (no Selenium Manager, no browser build), the browser is the one
 * {@code apt-get install chromium} put at {@code /usr/bin/chromium}. Runs as root, hence
 * {@code --no-sandbox}.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts the browser and attaches to its first page. */
    static HeadlessChromium start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("kvmlab-chromium");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--disable-background-networking",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--hide-scrollbars", "about:blank").redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String browserUrl = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> early = new ArrayList<>();
        while (browserUrl == null && System.nanoTime() < deadline) {
            String line = output.readLine();
            if (line == null) {
                break;
            }
            early.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserUrl = m.group(1);
            }
        }
        if (browserUrl == null) {
            process.destroyForcibly();
            throw new IOException("chromium did not open its DevTools port; it printed:\n" + String.join("\n", early));
        }
        Thread.ofPlatform().daemon().start(() -> output.lines().forEach(l -> { }));
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String pageSocket = null;
        for (int attempt = 0; attempt < 50 && pageSocket == null; attempt++) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if (target.path("type").asText().equals("page")) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IOException("chromium has no page to attach to");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        Listener listener = new Listener(self);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener).join();
        self[0] = new HeadlessChromium(process, profile, socket);
        return self[0];
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Waits until an event named {@code method} has arrived. */
    void await(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (events) {
                if (events.stream().anyMatch(e -> e.path("method").asText().equals(method))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no " + method + " within " + timeout);
    }

    /** Console errors, uncaught exceptions and error log entries seen so far, one line each. */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events) {
                JsonNode p = e.path("params");
                switch (e.path("method").asText()) {
                    case "Runtime.consoleAPICalled" -> {
                        if (p.path("type").asText().matches("error|assert")) {
                            errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
                        }
                    }
                    case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
                    case "Log.entryAdded" -> {
                        if (p.path("entry").path("level").asText().equals("error")) {
                            errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
                        }
                    }
                    default -> { }
                }
            }
        }
        return errors;
    }

    /** A PNG screenshot of the viewport. */
    byte[] screenshot() throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The browser goes away below either way.
        }
        // Chromium's helper processes (zygote, network service) can outlive the browser by a moment
        // and still write into the profile: end them too before it is deleted.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                try {
                    helper.onExit().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    helper.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteProfile();
    }

    /** Deletes the profile; a file that vanishes during the walk (a helper's last write) means walking again. */
    private void deleteProfile() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                FileTrees.deleteRecursively(profile);
                return;
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] owner;
        private final StringBuilder partial = new StringBuilder();
        private final List<JsonNode> early = new ArrayList<>();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    HeadlessChromium browser = owner[0];
                    if (browser == null) {
                        early.add(message);
                    } else {
                        if (!early.isEmpty()) {
                            browser.events.addAll(early);
                            early.clear();
                        }
                        if (message.has("id")) {
                            CompletableFuture<JsonNode> answer = browser.pending.remove(message.get("id").asInt());
                            if (answer != null) {
                                answer.complete(message);
                            }
                        } else {
                            browser.events.add(message);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON from chromium: " + text, e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
