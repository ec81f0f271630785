package org.kvmlab.bench.design;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.DesignModules;
import org.kvmlab.spi.Role;

/**
 * The designs the bench measures, found at run time (every contestant, and the baseline as a
 * reference column), and the benchmarks' {@code design} parameter. JMH wants a parameter's values
 * when the benchmarks are compiled; the bench compiles {@value #ALL} instead and replaces it, in
 * {@link org.kvmlab.bench.run.BenchMain} and {@link org.kvmlab.bench.run.ProfileRunner}, by the
 * names of the designs present when it runs, so that a design module added to the build is
 * measured without any change here. Each fork finds the same designs: the build's own design
 * modules ({@link org.kvmlab.spi.LabModules}).
 */
public final class BenchDesigns {
    /** The name of the benchmarks' design parameter. */
    public static final String PARAM = "design";
    /** The parameter's compiled value: every design measured, in report order. */
    public static final String ALL = "all";

    private static List<DesignModule> measured;

    private BenchDesigns() {}

    /** Every design the bench measures, in report order: the contestants and the baseline. */
    public static synchronized List<DesignModule> measured() {
        if (measured == null) {
            measured = DesignModules.ofThisBuild().stream()
                    .filter(d -> d.role() == Role.CONTESTANT || d.role() == Role.BASELINE).toList();
        }
        return measured;
    }

    /**
     * The names of the designs measured as references, not contestants (the baseline): the verdict
     * engine shows them beside the designs and never ranks them.
     */
    public static List<String> references() {
        return measured().stream().filter(d -> d.role() != Role.CONTESTANT).map(DesignModule::name).toList();
    }

    /** Their names, in report order. */
    public static List<String> names() {
        return measured().stream().map(DesignModule::name).toList();
    }

    /**
     * The design named {@code name}, as a benchmark's set-up looks it up.
     *
     * @throws IllegalArgumentException if the bench measures no design of that name
     */
    public static DesignModule named(String name) {
        for (DesignModule design : measured()) {
            if (design.name().equals(name)) {
                return design;
            }
        }
        if (ALL.equals(name)) {
            throw new IllegalArgumentException("design=" + ALL + " reached a benchmark: run the bench through"
                    + " bench/run-profile or java -jar bench/target/benchmarks.jar, which replace it by the designs"
                    + " present (" + String.join(", ", names()) + ")");
        }
        throw new IllegalArgumentException("design=" + name + ": no such design in this build (the bench measures "
                + String.join(", ", names()) + ")");
    }

    /** Parameter values with {@value #ALL} replaced by every design's name; the others as given. */
    public static List<String> expand(Collection<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (ALL.equals(value)) {
                names().stream().filter(n -> !out.contains(n)).forEach(out::add);
            } else if (!out.contains(value)) {
                out.add(value);
            }
        }
        return out;
    }

    /**
     * JMH command-line arguments with the design parameter made explicit: {@code -p design=VALUES}
     * with {@value #ALL} expanded, or, when the arguments set no design, every design's name added.
     */
    public static String[] withDesigns(String[] args) {
        List<String> out = new ArrayList<>();
        boolean set = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.equals("-p") && i + 1 < args.length && args[i + 1].startsWith(PARAM + "=")) {
                value = args[++i].substring(PARAM.length() + 1);
            } else if (arg.startsWith("-p" + PARAM + "=")) {
                value = arg.substring(PARAM.length() + 3);
            }
            if (value == null) {
                out.add(arg);
                continue;
            }
            set = true;
            out.add("-p");
            out.add(PARAM + "=" + String.join(",", expand(List.of(value.split(",", -1)))));
        }
        if (!set) {
            out.add("-p");
            out.add(PARAM + "=" + String.join(",", names()));
        }
        return out.toArray(String[]::new);
    }
}
