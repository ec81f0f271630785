package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTML report opened in Debian's headless Chromium (README, Prerequisites; {@code .ci/run}
 * installs it): it loads without a console error, every chart is an SVG that the browser lays out
 * with a size and draws shapes in, the page fits a 1280-pixel window, and a screenshot is taken ({@code target/e2e-review/screenshot.png}).
 */
class ReportInChromiumTest {
    private static final String PROBE = """
            JSON.stringify({
              sections: document.querySelectorAll('main > section').length,
              figures: document.querySelectorAll('figure.chart').length,
              charts: Array.from(document.querySelectorAll('figure.chart svg')).map(svg => {
                const box = svg.getBoundingClientRect();
                return {id: svg.id, width: box.width, height: box.height,
                        shapes: svg.querySelectorAll('rect, path, line, polyline').length,
                        text: svg.querySelectorAll('text').length};
              }),
              pageWidth: document.documentElement.scrollWidth,
              title: document.title
            })
            """;

    @Test
    void reportRendersWithoutConsoleErrors_everyChartDrawn_andAScreenshot() throws Exception {
        assertWithMessage("Debian's chromium is needed (apt-get install chromium chromium-driver)")
                .that(Files.isExecutable(HeadlessChromium.BINARY)).isTrue();
        QuickReport report = QuickReport.get();
        assertThat(report.status).isEqualTo(0);
        Path html = QuickReport.OUT.resolve("index.html");
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.send("Runtime.enable", Map.of());
            browser.send("Log.enable", Map.of());
            browser.send("Page.enable", Map.of());
            browser.send("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1280, "height", 1700, "deviceScaleFactor", 1, "mobile", false));
            browser.send("Page.navigate", Map.of("url", html.toUri().toString()));
            browser.await("Page.loadEventFired", Duration.ofSeconds(30));
            JsonNode probe = new com.fasterxml.jackson.databind.ObjectMapper().readTree(browser.send("Runtime.evaluate",
                    Map.of("expression", PROBE, "returnByValue", true)).path("result").path("value").asText());
            assertThat(probe.path("title").asText()).isEqualTo("kvm-accessor-lab: design review");
            // A 1280-pixel window never scrolls sideways: a table wider than its section scrolls in it.
            assertWithMessage("page width").that(probe.path("pageWidth").asInt()).isAtMost(1280);
            // The first screen, the eight numbered sections and the running kernel's column; the
            // cost of change has a chart per change and one of the totals.
            assertThat(probe.path("sections").asInt()).isEqualTo(10);
            assertThat(probe.path("figures").asInt()).isEqualTo(12);
            assertThat(probe.path("charts").size()).isEqualTo(12);
            for (JsonNode chart : probe.path("charts")) {
                assertWithMessage("chart %s", chart.path("id").asText()).that(chart.path("width").asDouble()).isGreaterThan(300.0);
                assertWithMessage("chart %s", chart.path("id").asText()).that(chart.path("height").asDouble()).isGreaterThan(150.0);
                assertWithMessage("chart %s", chart.path("id").asText()).that(chart.path("shapes").asInt()).isGreaterThan(5);
                assertWithMessage("chart %s", chart.path("id").asText()).that(chart.path("text").asInt()).isGreaterThan(3);
            }
            byte[] png = browser.screenshot();
            assertThat(Arrays.copyOf(png, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            assertThat(png.length).isGreaterThan(20_000);
            Files.write(QuickReport.OUT.resolve("screenshot.png"), png);
            assertWithMessage("console errors").that(browser.errors()).isEmpty();
        }
    }

    /** The check itself: a page that logs an error and throws is caught, so a clean report means something. */
    @Test
    void consoleErrorsAndExceptions_areSeen(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertWithMessage("Debian's chromium is needed (apt-get install chromium chromium-driver)")
                .that(Files.isExecutable(HeadlessChromium.BINARY)).isTrue();
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><p>broken</p>"
                + "<script>console.error('on purpose'); null.boom();</script></body></html>");
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.send("Runtime.enable", Map.of());
            browser.send("Log.enable", Map.of());
            browser.send("Page.enable", Map.of());
            browser.send("Page.navigate", Map.of("url", page.toUri().toString()));
            browser.await("Page.loadEventFired", Duration.ofSeconds(30));
            assertThat(String.join("\n", browser.errors())).contains("on purpose");
            assertThat(browser.errors().stream().anyMatch(e -> e.startsWith("exception: "))).isTrue();
        }
    }
}
