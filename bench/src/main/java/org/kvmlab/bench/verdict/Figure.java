package org.kvmlab.bench.verdict;

import java.util.Locale;

/**
 * One figure a target can judge: a ratio of two measurements with the interval their errors
 * allow, or one measurement's own time or allocation.
 *
 * <p>With scores {@code a ± ea} and {@code b ± eb} (JMH's 99.9% half-widths) a ratio's interval is
 * {@code [(a - ea) / (b + eb), (a + ea) / (b - eb)]}, unbounded above when {@code b - eb <= 0}.
 *
 * @param kind    what is compared with what
 * @param of      the measurement the figure is about
 * @param to      what it is divided by, or null for a time or an allocation
 * @param value   the figure
 * @param low     the low end of its interval
 * @param high    the high end (may be infinite)
 */
public record Figure(Kind kind, Measurement of, Measurement to, double value, double low, double high) {

    /** What a figure compares. */
    public enum Kind {
        /** An accessor over a physical limit its benchmark names ({@code @BoundedBy}). */
        TO_LIMIT("time / limit"),
        /** A vCPU-level accessor over its VM-level twin ({@code @VcpuTwinOf}). */
        VCPU_TO_VM("vCPU-level / VM-level"),
        /** An accessor measured after type-profile pollution over its clean twin ({@code @PollutedTwinOf}). */
        POLLUTED_TO_CLEAN("polluted / clean"),
        /** A benchmark at N slots over the same one at {@link Figures#BASE_SLOTS} slots. */
        SLOT_SCALING("at N slots / at 509"),
        /** A measurement's own time per operation. */
        TIME("time per operation"),
        /** A measurement's bytes allocated per operation. */
        ALLOCATION("bytes per operation");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** How the reports name it. */
        public String text() {
            return text;
        }
    }

    /** {@code a / b} with its interval. */
    public static Figure ratio(Kind kind, Measurement a, Measurement b) {
        double below = b.score() - b.error();
        return new Figure(kind, a, b, a.score() / b.score(), (a.score() - a.error()) / (b.score() + b.error()),
                below > 0 ? (a.score() + a.error()) / below : Double.POSITIVE_INFINITY);
    }

    /** A measurement's time with its interval. */
    public static Figure time(Measurement m) {
        return new Figure(Kind.TIME, m, null, m.score(), m.score() - m.error(), m.score() + m.error());
    }

    /** A measurement's allocation per operation, a point (JMH's error on it is not used). */
    public static Figure allocation(Measurement m) {
        return new Figure(Kind.ALLOCATION, m, null, m.allocNorm(), m.allocNorm(), m.allocNorm());
    }

    /** The design measured, or null. */
    public String design() {
        return of.design();
    }

    /** What the figure is divided by, as the reports name it ({@code GuestCopyBench.limit_read}). */
    public String against() {
        return switch (kind) {
            case SLOT_SCALING -> "slots=" + to.param("slots");
            case TIME -> of.unit();
            case ALLOCATION -> "B/op";
            default -> to.benchmark();
        };
    }

    /** The figure alone, as a table cell shows it: {@code 1.28}, {@code 21.2 ns/op}, {@code 0.000 B/op}. */
    public String valueText() {
        return switch (kind) {
            case TIME -> String.format(Locale.ROOT, "%.1f %s", value, of.unit());
            case ALLOCATION -> String.format(Locale.ROOT, "%.3f B/op", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    /** The figure with its interval: {@code 1.28 [1.13, 1.45]}, {@code 21.2 [19.3, 23.1] ns/op}, {@code 0.000 B/op}. */
    public String text() {
        return switch (kind) {
            case TIME -> String.format(Locale.ROOT, "%.1f [%.1f, %.1f] %s", value, low, high, of.unit());
            case ALLOCATION -> String.format(Locale.ROOT, "%.3f B/op", value);
            default -> String.format(Locale.ROOT, "%.2f [%.2f, %s]", value, low,
                    Double.isInfinite(high) ? "inf" : String.format(Locale.ROOT, "%.2f", high));
        };
    }
}
