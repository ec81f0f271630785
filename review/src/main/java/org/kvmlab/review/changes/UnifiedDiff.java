package org.kvmlab.review.changes;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import java.util.ArrayList;
import java.util.List;

/**
 * A patch as {@code git diff} or {@code diff -u} writes it, read into one {@link Patch} per file:
 * the header before the first file (a change request's {@code Key: value} lines), then for each
 * file its {@code --- a/PATH} and {@code +++ b/PATH} lines and its hunks. Git's own lines
 * ({@code diff --git}, {@code index}, file modes) are skipped, {@code /dev/null} marks a file that
 * is created or deleted, and {@code \ No newline at end of file} is ignored. Applying is
 * java-diff-utils' work ({@link Patch#applyFuzzy} with no fuzz): each hunk's context must match
 * exactly, but it may have moved, as {@code git apply} allows.
 *
 * @param header the lines before the first file, as written
 * @param files  each file's patch, in the order the patch gives them
 */
public record UnifiedDiff(List<String> header, List<FileDiff> files) {
    /** {@code git diff}'s name for a missing side. */
    public static final String DEV_NULL = "/dev/null";

    public UnifiedDiff {
        header = List.copyOf(header);
        files = List.copyOf(files);
    }

    /**
     * One file of the patch.
     *
     * @param oldPath the path before, relative to the repository ({@code a/} taken off), or null for a new file
     * @param newPath the path after, or null for a deleted file
     * @param patch   the hunks
     * @param line    the line of the patch where the file's {@code ---} line is, for messages
     */
    public record FileDiff(String oldPath, String newPath, Patch<String> patch, int line) {
        /** The path the file has after the patch, or before it for a deletion. */
        public String path() {
            return newPath != null ? newPath : oldPath;
        }

        /** Whether the patch creates the file. */
        public boolean creates() {
            return oldPath == null;
        }

        /** Whether the patch deletes the file. */
        public boolean deletes() {
            return newPath == null;
        }

        /**
         * The file's lines after the patch.
         *
         * @param before its lines before (empty for a new file)
         * @throws PatchFailedException naming the first hunk whose context is not in {@code before}
         */
        public List<String> apply(List<String> before) throws PatchFailedException {
            return patch.applyFuzzy(before, 0);
        }
    }

    /**
     * Reads a patch.
     *
     * @param source what to call the patch in a message
     * @throws IllegalArgumentException {@code SOURCE:LINE: what was expected}
     */
    public static UnifiedDiff parse(String source, List<String> lines) {
        List<String> header = new ArrayList<>();
        List<FileDiff> files = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("--- ") && !lines.get(i).startsWith("diff --git ")) {
            header.add(lines.get(i));
            i++;
        }
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!line.startsWith("--- ")) {
                if (line.startsWith("diff --git ") || line.startsWith("index ") || line.startsWith("new file mode")
                        || line.startsWith("deleted file mode") || line.startsWith("old mode")
                        || line.startsWith("new mode") || line.startsWith("similarity index") || line.isEmpty()) {
                    i++;
                    continue;
                }
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected \"--- a/PATH\" or \"diff --git\","
                        + " got \"" + abbreviate(line) + "\"");
            }
            int start = i;
            if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("+++ ")) {
                throw new IllegalArgumentException(source + ":" + (i + 2) + ": expected \"+++ b/PATH\" after \"---\"");
            }
            String oldPath = path(lines.get(i).substring(4), "a/");
            String newPath = path(lines.get(i + 1).substring(4), "b/");
            if (oldPath == null && newPath == null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": both sides are " + DEV_NULL);
            }
            List<String> oneFile = new ArrayList<>(List.of(lines.get(i), lines.get(i + 1)));
            i += 2;
            while (i < lines.size()) {
                String body = lines.get(i);
                if (body.startsWith("@@") || body.startsWith(" ") || body.startsWith("+") || body.startsWith("-")
                        || body.startsWith("\\")) {
                    if (body.startsWith("--- ") && i + 1 < lines.size() && lines.get(i + 1).startsWith("+++ ")) {
                        break;
                    }
                    if (!body.startsWith("\\")) {
                        oneFile.add(body);
                    }
                    i++;
                } else if (body.isEmpty()) {
                    // A context line of an empty line, where an editor dropped its leading blank.
                    oneFile.add(" ");
                    i++;
                } else {
                    break;
                }
            }
            if (oneFile.stream().noneMatch(l -> l.startsWith("@@"))) {
                throw new IllegalArgumentException(source + ":" + (start + 1) + ": " + (newPath != null ? newPath : oldPath)
                        + " has no hunk (@@ -N,N +N,N @@)");
            }
            Patch<String> patch;
            try {
                patch = UnifiedDiffUtils.parseUnifiedDiff(oneFile);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ":" + (start + 1) + ": cannot read the hunks of "
                        + (newPath != null ? newPath : oldPath) + ": " + e.getMessage(), e);
            }
            files.add(new FileDiff(oldPath, newPath, patch, start + 1));
        }
        return new UnifiedDiff(header, files);
    }

    /** The value of the header line {@code Key: value}, or null. */
    public String headerValue(String key) {
        String prefix = key + ":";
        for (String line : header) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        return null;
    }

    /** Every value of the header lines {@code Key: value}, in order. */
    public List<String> headerValues(String key) {
        String prefix = key + ":";
        return header.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip()).toList();
    }

    private static String path(String side, String prefix) {
        String name = side;
        int tab = name.indexOf('\t');
        if (tab >= 0) {
            name = name.substring(0, tab);
        }
        name = name.strip();
        if (name.equals(DEV_NULL)) {
            return null;
        }
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
