package org.kvmlab.bench.run;

import org.kvmlab.bench.design.BenchDesigns;

/**
 * The benchmarks jar's main class: JMH's own command line ({@code org.openjdk.jmh.Main}, every
 * option as JMH documents it), with the {@code design} parameter filled in from the designs
 * present ({@link BenchDesigns#withDesigns}), so that {@code -lp} lists them and a run measures
 * them all unless {@code -p design=...} picks some.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(BenchDesigns.withDesigns(args));
    }
}
