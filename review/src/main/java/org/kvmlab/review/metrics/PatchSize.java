package org.kvmlab.review.metrics;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;

/**
 * Each design as a patch against the neutral baseline, {@code baseline-linux41}: Linux 4.1's
 * accessor layer before the SMM series, a module no design edits.
 *
 * <p><b>Pairing.</b> Every file is named by its path below its package root
 * ({@code org/kvmlab/NAME/}), so the baseline's {@code virt/kvm/KvmGuestMemory.java} pairs with
 * each design's {@code virt/kvm/KvmGuestMemory.java}. A design file without a baseline partner is
 * wholly added; a baseline file the design lacks is wholly removed. Before diffing, the baseline's
 * package name is rewritten to the design's, so that package and import lines differ only where
 * the design changed more than its name. The diff is computed by java-diff-utils (Myers), with
 * {@value #CONTEXT} lines of context.
 *
 * <p><b>Counting.</b> Each added or removed line is either a comment line (it has text, and all of
 * it lies in Javadoc, block or line comments; see {@link SourceLines#codeLines}) or a code line
 * (everything else, blank lines included, as a mailing list's diffstat counts them). The two are
 * reported apart: half a design's "patch" can be Javadoc, which changes no behaviour.
 */
public final class PatchSize {
    /** Lines of context around each hunk. */
    public static final int CONTEXT = 3;

    private PatchSize() {}

    /**
     * Lines added and removed, code and comments apart.
     *
     * @param codeAdded      code lines added (blank lines included)
     * @param codeRemoved    code lines removed
     * @param commentAdded   comment lines added
     * @param commentRemoved comment lines removed
     */
    public record Lines(int codeAdded, int codeRemoved, int commentAdded, int commentRemoved) {
        static final Lines NONE = new Lines(0, 0, 0, 0);

        Lines plus(Lines o) {
            return new Lines(codeAdded + o.codeAdded, codeRemoved + o.codeRemoved, commentAdded + o.commentAdded,
                    commentRemoved + o.commentRemoved);
        }

        /** Code lines added and removed. */
        public int code() {
            return codeAdded + codeRemoved;
        }

        /** Comment lines added and removed. */
        public int comments() {
            return commentAdded + commentRemoved;
        }

        /** Every line added. */
        public int added() {
            return codeAdded + commentAdded;
        }

        /** Every line removed. */
        public int removed() {
            return codeRemoved + commentRemoved;
        }
    }

    /** How one file changed: {@code added} (new file), {@code removed}, {@code modified} or {@code unchanged}. */
    public record FilePatch(String path, String change, Lines lines, List<String> unifiedDiff) {}

    /** A design's whole patch. */
    public record Result(String design, Lines lines, int filesAdded, int filesRemoved, int filesModified,
                         int filesUnchanged, List<FilePatch> files) {
        /** Code lines added and removed: the size a reviewer weighs. */
        public int code() {
            return lines.code();
        }

        /** The whole patch as a mail would carry it: the diffstat, a blank line, every file's diff. */
        public List<String> text() {
            List<String> text = new ArrayList<>(diffstat());
            text.add("");
            files.forEach(f -> text.addAll(f.unifiedDiff()));
            return text;
        }

        /** The diffstat of the patch, as {@code git apply --stat} prints it, code and comments apart. */
        public List<String> diffstat() {
            List<String> stat = new ArrayList<>();
            int width = files.stream().mapToInt(f -> f.path().length()).max().orElse(0);
            for (FilePatch f : files) {
                if (!f.change().equals("unchanged")) {
                    stat.add(" " + f.path() + " ".repeat(width - f.path().length()) + " | code +"
                            + f.lines().codeAdded() + " -" + f.lines().codeRemoved() + ", comments +"
                            + f.lines().commentAdded() + " -" + f.lines().commentRemoved() + " (" + f.change() + ")");
                }
            }
            int changed = filesAdded + filesRemoved + filesModified;
            stat.add(" " + changed + " files changed, " + lines.added() + " insertions(+), " + lines.removed()
                    + " deletions(-); code +" + lines.codeAdded() + " -" + lines.codeRemoved() + ", comments +"
                    + lines.commentAdded() + " -" + lines.commentRemoved());
            return stat;
        }
    }

    /**
     * The patch that turns every main source file below {@code baselineRoot} into every main source
     * file below {@code designRoot}, files named relative to those roots.
     *
     * @param baselinePackage the baseline's package root, rewritten to {@code designPackage}
     */
    public static Result of(String design, Path baselineRoot, String baselinePackage, Path designRoot,
                            String designPackage) {
        Map<String, String> before = new TreeMap<>();
        for (Path file : Designs.javaFiles(baselineRoot)) {
            before.put(Designs.relative(baselineRoot, file),
                    SourceLines.read(file).replace(baselinePackage, designPackage));
        }
        Map<String, String> after = new TreeMap<>();
        for (Path file : Designs.javaFiles(designRoot)) {
            after.put(Designs.relative(designRoot, file), SourceLines.read(file));
        }
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<FilePatch> files = new ArrayList<>();
        Lines total = Lines.NONE;
        int[] kinds = new int[4];
        for (String path : paths) {
            FilePatch patch = diff(path, before.get(path), after.get(path));
            files.add(patch);
            total = total.plus(patch.lines());
            switch (patch.change()) {
                case "added" -> kinds[0]++;
                case "removed" -> kinds[1]++;
                case "modified" -> kinds[2]++;
                default -> kinds[3]++;
            }
        }
        return new Result(design, total, kinds[0], kinds[1], kinds[2], kinds[3], List.copyOf(files));
    }

    /** The patch of {@code design} against {@code baseline}'s main sources. */
    public static Result of(Design design, Design baseline) {
        return of(design.name(), baseline.sourceRoot(), baseline.packageRoot(), design.sourceRoot(),
                design.packageRoot());
    }

    /**
     * Which lines a file's patch removes and adds, by line number (1-based), code and comment
     * lines apart (see the class comment): what {@link #diff} counts, and what a change's cost
     * maps onto the functions it touched.
     *
     * @param codeRemoved    code lines removed, numbered in the file before
     * @param codeAdded      code lines added, numbered in the file after
     * @param commentRemoved comment lines removed, numbered before
     * @param commentAdded   comment lines added, numbered after
     * @param patch          the diff itself
     */
    public record LineChanges(List<Integer> codeRemoved, List<Integer> codeAdded, List<Integer> commentRemoved,
                              List<Integer> commentAdded, Patch<String> patch) {
        /** The counts. */
        public Lines lines() {
            return new Lines(codeAdded.size(), codeRemoved.size(), commentAdded.size(), commentRemoved.size());
        }
    }

    /** The lines that turn {@code before} into {@code after}; either is null for a file added or removed. */
    public static LineChanges changes(String before, String after) {
        List<String> original = before == null ? List.of() : before.lines().toList();
        List<String> revised = after == null ? List.of() : after.lines().toList();
        boolean[] oldComment = commentLines(before);
        boolean[] newComment = commentLines(after);
        Patch<String> patch = DiffUtils.diff(original, revised);
        List<Integer> codeRemoved = new ArrayList<>();
        List<Integer> codeAdded = new ArrayList<>();
        List<Integer> commentRemoved = new ArrayList<>();
        List<Integer> commentAdded = new ArrayList<>();
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            for (int i = 0; i < delta.getSource().size(); i++) {
                int at = delta.getSource().getPosition() + i;
                (oldComment[at] ? commentRemoved : codeRemoved).add(at + 1);
            }
            for (int i = 0; i < delta.getTarget().size(); i++) {
                int at = delta.getTarget().getPosition() + i;
                (newComment[at] ? commentAdded : codeAdded).add(at + 1);
            }
        }
        return new LineChanges(List.copyOf(codeRemoved), List.copyOf(codeAdded), List.copyOf(commentRemoved),
                List.copyOf(commentAdded), patch);
    }

    /** One file's patch; {@code before} or {@code after} is null for a file added or removed. */
    public static FilePatch diff(String path, String before, String after) {
        LineChanges changes = changes(before, after);
        Patch<String> patch = changes.patch();
        List<String> original = before == null ? List.of() : before.lines().toList();
        String change = before == null ? "added" : after == null ? "removed"
                : patch.getDeltas().isEmpty() ? "unchanged" : "modified";
        List<String> unified = patch.getDeltas().isEmpty() ? List.of()
                : UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + path,
                        after == null ? "/dev/null" : "b/" + path, original, patch, CONTEXT);
        return new FilePatch(path, change, changes.lines(), unified);
    }

    /** For each line of {@code text}, whether it is a comment line: text, none of it outside comments. */
    static boolean[] commentLines(String text) {
        if (text == null) {
            return new boolean[0];
        }
        List<String> lines = text.lines().toList();
        boolean[] code = SourceLines.codeLines(text);
        boolean[] comment = new boolean[lines.size()];
        for (int i = 0; i < comment.length; i++) {
            comment[i] = !code[i] && !lines.get(i).isBlank();
        }
        return comment;
    }
}
