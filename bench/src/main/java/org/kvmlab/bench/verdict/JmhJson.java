package org.kvmlab.bench.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's JSON result format ({@code -rf json}, what {@code ProfileRunner} writes): a list of
 * runs, each with {@code benchmark} (the method's full name), {@code params}, {@code primaryMetric}
 * ({@code score}, {@code scoreError}, {@code scoreUnit}) and, with {@code -prof gc},
 * {@code secondaryMetrics} holding {@code gc.alloc.rate.norm} (spelled with a leading middle dot
 * before JMH 1.37). An error of {@code "NaN"} (a single iteration) reads as 0.
 */
public final class JmhJson {
    private JmhJson() {}

    /**
     * The results in {@code file}.
     *
     * @throws IOException if the file cannot be read or is not JMH's JSON, saying where
     */
    public static List<Measurement> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        return measurements(root);
    }

    /** The results in JMH JSON {@code text}. */
    public static List<Measurement> parse(String text) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        return measurements(root);
    }

    private static List<Measurement> measurements(JsonNode root) throws IOException {
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH JSON result file: the top level is not a list");
        }
        List<Measurement> results = new ArrayList<>();
        int index = 0;
        for (JsonNode run : root) {
            String full = run.path("benchmark").asText("");
            JsonNode primary = run.path("primaryMetric");
            int dot = full.lastIndexOf('.');
            if (dot <= 0 || !primary.path("score").isNumber()) {
                throw new IOException("not a JMH JSON result file: entry " + index
                        + " has no benchmark name or no primaryMetric.score");
            }
            String type = full.substring(0, dot);
            String benchmark = type.substring(type.lastIndexOf('.') + 1) + full.substring(dot);
            Map<String, String> params = new TreeMap<>();
            String design = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("design")) {
                    design = Measurement.designName(e.getValue().asText());
                } else {
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode secondary = run.path("secondaryMetrics");
            JsonNode alloc = secondary.has(Measurement.ALLOC_NORM) ? secondary.get(Measurement.ALLOC_NORM)
                    : secondary.get("\u00b7" + Measurement.ALLOC_NORM);
            results.add(new Measurement(benchmark, design, params, number(primary.path("score")),
                    number(primary.path("scoreError")), primary.path("scoreUnit").asText(""),
                    alloc == null ? Double.NaN : number(alloc.path("score")), forks(primary.path("rawData"))));
            index++;
        }
        return results;
    }

    /**
     * Each fork's score from {@code rawData}, JMH's measured iterations per fork (a list of lists of
     * numbers); none when it is missing or not of that shape, since a file without it still has
     * the run's score.
     */
    private static List<Measurement.Fork> forks(JsonNode rawData) {
        List<Measurement.Fork> forks = new ArrayList<>();
        if (!rawData.isArray()) {
            return forks;
        }
        for (JsonNode fork : rawData) {
            if (!fork.isArray() || fork.isEmpty()) {
                return List.of();
            }
            double[] iterations = new double[fork.size()];
            for (int i = 0; i < iterations.length; i++) {
                if (!fork.get(i).isNumber()) {
                    return List.of();
                }
                iterations[i] = fork.get(i).asDouble();
            }
            forks.add(Measurement.Fork.of(forks.size() + 1, iterations));
        }
        return forks;
    }

    /** A number, or JMH's {@code "NaN"} as NaN. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
