package org.kvmlab.livekvm.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this process has mapped right now, read from {@code /proc/self/maps}: the JVM's heap,
 * code, stacks and libraries as well as anything this module mapped. The live column reads it to
 * make sure that it never maps, unmaps, protects or lets a guest write memory it did not map.
 */
public final class ProcessMaps {
    private static final Path MAPS = Path.of("/proc/self/maps");

    /** One mapped range, {@code [start, end)}. */
    public record Range(long start, long end) {}

    private ProcessMaps() {}

    /** The process's mapped ranges, in address order. */
    public static List<Range> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(MAPS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MAPS, e);
        }
        List<Range> ranges = new ArrayList<>(lines.size());
        for (String line : lines) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash) {
                ranges.add(new Range(Long.parseUnsignedLong(line, 0, dash, 16),
                        Long.parseUnsignedLong(line, dash + 1, space, 16)));
            }
        }
        return ranges;
    }
}
