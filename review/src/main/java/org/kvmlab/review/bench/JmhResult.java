package org.kvmlab.review.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result of a JMH JSON file (JMH's {@code -rf json} format: a list of runs with
 * {@code benchmark}, {@code mode}, {@code params}, {@code primaryMetric} and, with
 * {@code -prof gc}, {@code secondaryMetrics} holding {@code gc.alloc.rate.norm}, spelled
 * {@code ·gc.alloc.rate.norm} by JMH before 1.37).
 *
 * @param className  the benchmark class's simple name
 * @param method     the benchmark method
 * @param design     the {@code design} parameter as a design name ({@code X86_PREFIXED} becomes
 *                   {@code x86-prefixed}), or null for a run without one (a limit)
 * @param params     every other parameter
 * @param score      the primary metric's score
 * @param error      its 99.9% error (0 when JMH gives none)
 * @param allocNorm  bytes allocated per operation, or null without {@code -prof gc}
 */
public record JmhResult(String className, String method, String design, Map<String, String> params, double score,
                        double error, String unit, Double allocNorm) {

    /** {@code Class.method}. */
    public String name() {
        return className + "." + method;
    }

    /** A parameter's value, or null. */
    public String param(String key) {
        return params.get(key);
    }

    /** The parameters but {@code level}, as {@code k=v k=v}. */
    public String paramsText() {
        StringBuilder text = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("level")) {
                text.append(text.isEmpty() ? "" : " ").append(k).append('=').append(v);
            }
        });
        return text.toString();
    }

    /** Reads a JMH JSON file. */
    public static List<JmhResult> read(Path file) throws IOException {
        return parse(new ObjectMapper().readTree(file.toFile()));
    }

    /** Reads JMH JSON text. */
    public static List<JmhResult> parse(String json) throws IOException {
        return parse(new ObjectMapper().readTree(json));
    }

    /** The records of a parsed JMH JSON document; {@link JmhFile} checks one before it gets here. */
    static List<JmhResult> parse(JsonNode root) {
        if (!root.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result file: the top level is not a list");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode run : root) {
            String benchmark = run.path("benchmark").asText();
            int dot = benchmark.lastIndexOf('.');
            String type = benchmark.substring(0, Math.max(dot, 0));
            String className = type.substring(type.lastIndexOf('.') + 1);
            String method = benchmark.substring(dot + 1);
            Map<String, String> params = new TreeMap<>();
            String design = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("design")) {
                    design = designName(e.getValue().asText());
                } else {
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode primary = run.path("primaryMetric");
            JsonNode secondary = run.path("secondaryMetrics");
            JsonNode alloc = secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
                    : secondary.get("\u00b7gc.alloc.rate.norm");
            results.add(new JmhResult(className, method, design, params, number(primary.path("score")),
                    number(primary.path("scoreError")), primary.path("scoreUnit").asText(),
                    alloc == null ? null : number(alloc.path("score"))));
        }
        return results;
    }

    /** {@code X86_PREFIXED} or {@code x86-prefixed} as {@code x86-prefixed}. */
    public static String designName(String value) {
        return value.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        double value = node.asDouble(Double.NaN);
        return Double.isNaN(value) ? 0 : value;
    }
}
