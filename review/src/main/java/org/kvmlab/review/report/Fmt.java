package org.kvmlab.review.report;

import java.util.Locale;

/** Number formats shared by every rendering of the report. */
public final class Fmt {
    private Fmt() {}

    public static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    public static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    public static String interval(double lo, double hi) {
        return "[" + ratio(lo) + ", " + (Double.isInfinite(hi) ? "inf" : ratio(hi)) + "]";
    }

    public static String ns(double score, double error) {
        return String.format(Locale.ROOT, "%.1f \u00b1 %.1f", score, error);
    }

    public static String bytes(double b) {
        return String.format(Locale.ROOT, "%.3f", b);
    }

    /** {@code 1 place}, {@code 3 places}: a count and its noun, the noun in the plural unless the count is 1. */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
