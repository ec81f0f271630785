package org.kvmlab.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kvmlab.bench.verdict.Figure;
import org.kvmlab.bench.verdict.Figures;
import org.kvmlab.bench.verdict.Judgement;
import org.kvmlab.bench.verdict.Measurement;
import org.kvmlab.bench.verdict.TargetOutcome;

/**
 * The bench's report of one profile, in Markdown: every figure of the {@link Judgement} in a table
 * per kind (each cell the ratio, its interval and the accessor's own time), then the targets with
 * each design's verdict and what the targets say over all designs, then allocation. It renders the
 * judgement and decides nothing itself; the review renders the same judgement.
 */
public final class RatioReport {
    private static final String NO_DESIGN = "(no design)";

    private final Judgement judgement;

    private RatioReport(Judgement judgement) {
        this.judgement = judgement;
    }

    /** The report of {@code measurements}, judged by the bench's targets. */
    public static RatioReport of(List<Measurement> measurements) {
        return new RatioReport(Judgement.of(measurements));
    }

    /** The judgement it renders. */
    public Judgement judgement() {
        return judgement;
    }

    /**
     * The report as Markdown, under {@code title}, naming the {@code command} that produced it and,
     * when it ran the benchmarks, the {@code machine} they ran on (null when it only read results).
     */
    public String markdown(String title, String command, String machine) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        out.append("Command: `").append(command).append("`").append(machine == null ? "" : "; " + machine).append(". ")
                .append("Each cell: ratio [interval from JMH's 99.9% errors] (the accessor's own time).\n\n");
        Figures f = judgement.figures();
        table(out, "Ratio to the physical limit (same bytes, bare `MemorySegment.copy`; `Typed`: 8-byte get/set)",
                f.toLimit());
        table(out, "vCPU-level / VM-level", f.vcpuToVm());
        table(out, "Polluted profiles / forked, clean", f.pollutedToClean());
        table(out, "Slot scaling: at N slots / at " + Figures.BASE_SLOTS + " slots", f.slotScaling());
        targets(out);
        allocation(out);
        return out.toString();
    }

    /** The designs, then the references, as columns. */
    private List<String> columns() {
        List<String> columns = new ArrayList<>(judgement.designs());
        judgement.references().forEach(r -> columns.add(r + " (reference)"));
        return columns;
    }

    private static String column(String design, List<String> references) {
        return design == null ? NO_DESIGN : references.contains(design) ? design + " (reference)" : design;
    }

    private void table(StringBuilder out, String heading, List<Figure> figures) {
        if (figures.isEmpty()) {
            return;
        }
        List<String> columns = columns();
        if (figures.stream().anyMatch(f -> f.design() == null)) {
            columns.add(NO_DESIGN);
        }
        out.append("#### ").append(heading).append("\n\n| ratio | params |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append(" denominator |\n|---|---|");
        columns.forEach(c -> out.append("---|"));
        out.append("---|\n");
        Map<String, Map<String, Figure>> rows = new LinkedHashMap<>();
        for (Figure fig : figures) {
            String label = fig.of().benchmark() + " / " + fig.against();
            rows.computeIfAbsent(label + "\u0000" + fig.of().paramsText(), k -> new LinkedHashMap<>())
                    .put(column(fig.design(), judgement.references()), fig);
        }
        for (Map.Entry<String, Map<String, Figure>> row : rows.entrySet()) {
            String[] key = row.getKey().split("\u0000", -1);
            out.append("| ").append(key[0]).append(" | ").append(key[1].isEmpty() ? "-" : key[1]).append(" |");
            for (String c : columns) {
                Figure fig = row.getValue().get(c);
                out.append(' ').append(fig == null ? "" : fig.text() + " (" + ns(fig.of()) + ")").append(" |");
            }
            List<Measurement> denominators = row.getValue().values().stream().map(Figure::to).distinct().toList();
            out.append(' ').append(denominators.size() == 1 ? ns(denominators.getFirst()) : "per design").append(" |\n");
        }
        out.append('\n');
    }

    private static String ns(Measurement m) {
        return String.format(Locale.ROOT, "%.1f ± %.1f ns", m.score(), m.error());
    }

    /** Every target: the verdict per design, then what it says over all designs. */
    private void targets(StringBuilder out) {
        out.append("#### Targets (met: interval wholly within; missed: wholly beyond; open: straddles)\n\n");
        List<String> columns = columns();
        out.append("| target |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append(" over all designs |\n|---|");
        columns.forEach(c -> out.append("---|"));
        out.append("---|\n");
        for (TargetOutcome o : judgement.outcomes()) {
            out.append("| ").append(o.target().title()).append(" |");
            o.row().forEach(cell -> out.append(' ').append(cell).append(" |"));
            out.append('\n');
        }
        out.append('\n');
    }

    /** Bytes allocated per operation, the highest over each benchmark's parameters, per design. */
    private void allocation(StringBuilder out) {
        List<Measurement> all = judgement.figures().measurements();
        if (all.stream().noneMatch(Measurement::hasAllocation)) {
            return;
        }
        out.append("#### Allocation, B/op (`-prof gc`, gc.alloc.rate.norm; the highest over the parameters)\n\n");
        List<String> columns = columns();
        columns.add(NO_DESIGN);
        out.append("| benchmark |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append("\n|---|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        for (Measurement m : all) {
            if (m.hasAllocation()) {
                rows.computeIfAbsent(m.benchmark(), k -> new LinkedHashMap<>())
                        .merge(column(m.design(), judgement.references()), m.allocNorm(), Math::max);
            }
        }
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            out.append("| ").append(row.getKey()).append(" |");
            for (String c : columns) {
                Double v = row.getValue().get(c);
                out.append(' ').append(v == null ? "" : String.format(Locale.ROOT, "%.3f", v)).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }
}
