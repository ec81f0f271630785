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
 * Each design as a patch against the pre-series {@code kvm_*} layer: the baseline design's
 * generic package ({@code org.kvmlab.x86prefixed.virt.kvm}).
 *
 * <p><b>Pairing.</b> Every file is named by its path below its design's package root
 * ({@code org/kvmlab/NAME/}), so the baseline's {@code virt/kvm/KvmGuestMemory.java} pairs with
 * each design's {@code virt/kvm/KvmGuestMemory.java}. A design file without a baseline partner is
 * wholly added; a baseline file the design lacks is wholly removed. Before diffing, the baseline's
 * package name is rewritten to the design's, so that package and import lines differ only where
 * the design changed more than its name. Lines are counted as {@code diffstat} counts them: every
 * line, comments and blank lines included. The diff itself is computed by java-diff-utils
 * (Myers), with {@value #CONTEXT} lines of context.
 */
public final class PatchSize {
    /** Lines of context around each hunk. */
    public static final int CONTEXT = 3;

    private PatchSize() {}

    /** How one file changed: {@code added} (new file), {@code removed}, {@code modified} or {@code unchanged}. */
    public record FilePatch(String path, String change, int added, int removed, List<String> unifiedDiff) {}

    /** A design's whole patch. */
    public record Result(String design, int added, int removed, int filesAdded, int filesRemoved, int filesModified,
                         int filesUnchanged, List<FilePatch> files) {
        public int changed() {
            return added + removed;
        }
    }

    /**
     * The patch that turns {@code baselineSubpackage} of {@code baselineRoot} (its files named
     * relative to {@code baselineRoot}) into every main source file below {@code designRoot}.
     *
     * @param baselinePackage the baseline's package root, rewritten to {@code designPackage}
     */
    public static Result of(String design, Path baselineRoot, String baselineSubpackage, String baselinePackage,
                            Path designRoot, String designPackage) {
        Map<String, String> before = new TreeMap<>();
        for (Path file : Designs.javaFiles(baselineRoot.resolve(baselineSubpackage))) {
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
        int added = 0;
        int removed = 0;
        int[] kinds = new int[4];
        for (String path : paths) {
            FilePatch patch = diff(path, before.get(path), after.get(path));
            files.add(patch);
            added += patch.added();
            removed += patch.removed();
            switch (patch.change()) {
                case "added" -> kinds[0]++;
                case "removed" -> kinds[1]++;
                case "modified" -> kinds[2]++;
                default -> kinds[3]++;
            }
        }
        return new Result(design, added, removed, kinds[0], kinds[1], kinds[2], kinds[3], List.copyOf(files));
    }

    /** The patch of {@code design} against the baseline design's generic package. */
    public static Result of(Design design, Design baseline) {
        return of(design.name(), baseline.sourceRoot(), Design.BASELINE_SUBPACKAGE, baseline.packageRoot(),
                design.sourceRoot(), design.packageRoot());
    }

    /** One file's patch; {@code before} or {@code after} is null for a file added or removed. */
    static FilePatch diff(String path, String before, String after) {
        List<String> original = before == null ? List.of() : before.lines().toList();
        List<String> revised = after == null ? List.of() : after.lines().toList();
        Patch<String> patch = DiffUtils.diff(original, revised);
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            removed += delta.getSource().size();
            added += delta.getTarget().size();
        }
        String change = before == null ? "added" : after == null ? "removed"
                : patch.getDeltas().isEmpty() ? "unchanged" : "modified";
        List<String> unified = patch.getDeltas().isEmpty() ? List.of()
                : UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + path,
                        after == null ? "/dev/null" : "b/" + path, original, patch, CONTEXT);
        return new FilePatch(path, change, added, removed, unified);
    }
}
