package org.kvmlab.review.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvmlab.review.design.Designs;

/**
 * What one change cost one design, read from its sources before and after the change's patch:
 * the design's main code below its package root (its {@code virt} and {@code arch} packages; the
 * adapter package is the lab's glue and is left out, as in the patch-size section).
 *
 * <p><b>Lines.</b> Code lines added and removed, and comment lines apart, exactly as
 * {@link PatchSize} counts a design's patch against the baseline.
 *
 * <p><b>Functions touched.</b> The members ({@link Members}: methods, constructors, initialised
 * fields) that hold a changed code line: a removed line in the member as it was, an added line in
 * the member as it is. A member the change adds or removes counts as touched. A change that only
 * edits comments touches no function.
 *
 * <p><b>Generic code.</b> Whether a code line changed in a file of the generic package
 * ({@code virt/}, the counterpart of {@code virt/kvm/}).
 *
 * <p><b>Places to check.</b> What a reviewer must read to be sure the change is complete: every
 * function the change touched, and every copy of one of them that was there before the change.
 * A copy of a function is another function of the design that shares with it a block of at least
 * {@value #COPY_TOKENS} tokens that is the same up to names and literals (PMD's CPD with
 * identifiers and literals ignored, run on the design's sources before the change), each
 * occurrence of the block belonging to the function that holds at least half of its lines: a
 * duplicated page loop, a cached-access body written once per family or per direction. A copy the change did
 * not touch may need nothing, but nothing but reading it says so: each one is a place to check,
 * and the report lists it as a copy left untouched.
 *
 * @param codeAdded       code lines added
 * @param codeRemoved     code lines removed
 * @param commentAdded    comment lines added
 * @param commentRemoved  comment lines removed
 * @param files           the measured files the change modified, added or removed
 * @param functions       the functions it touched, {@code FILE: Class.method(...)}
 * @param generic         whether code of the generic package changed
 * @param places          every place a reviewer must check: the functions touched and their copies
 * @param untouchedCopies the copies among {@link #places} that the change did not touch
 * @param copiedTouched   the functions touched that had a copy before the change: where the change
 *                        met duplicated code
 */
public record ChangeCost(int codeAdded, int codeRemoved, int commentAdded, int commentRemoved, List<String> files,
                         List<String> functions, boolean generic, List<String> places, List<String> untouchedCopies,
                         List<String> copiedTouched) {
    /** CPD's minimum block for two functions to count as copies: the review's duplication threshold. */
    public static final int COPY_TOKENS = Duplication.MINIMUM_TOKENS;
    /** The generic package, by its path below the package root. */
    public static final String GENERIC = "virt/";

    public ChangeCost {
        files = List.copyOf(files);
        functions = List.copyOf(functions);
        places = List.copyOf(places);
        untouchedCopies = List.copyOf(untouchedCopies);
        copiedTouched = List.copyOf(copiedTouched);
    }

    /** Code lines added and removed. */
    public int code() {
        return codeAdded + codeRemoved;
    }

    /**
     * Measures the change that turns the sources below {@code before} into those below
     * {@code after} (each a design's package-root folder).
     */
    public static ChangeCost of(Path before, Path after) {
        Map<String, String> old = sources(before);
        Map<String, String> now = sources(after);
        TreeSet<String> paths = new TreeSet<>(old.keySet());
        paths.addAll(now.keySet());
        int[] n = new int[4];
        List<String> files = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        boolean generic = false;
        for (String path : paths) {
            String a = old.get(path);
            String b = now.get(path);
            PatchSize.LineChanges changes = PatchSize.changes(a, b);
            if (changes.patch().getDeltas().isEmpty()) {
                continue;
            }
            files.add(path);
            n[0] += changes.codeAdded().size();
            n[1] += changes.codeRemoved().size();
            n[2] += changes.commentAdded().size();
            n[3] += changes.commentRemoved().size();
            boolean code = !changes.codeAdded().isEmpty() || !changes.codeRemoved().isEmpty();
            generic |= code && path.startsWith(GENERIC);
            List<Members.Member> membersBefore = a == null ? List.of() : Members.of(path, a);
            List<Members.Member> membersAfter = b == null ? List.of() : Members.of(path, b);
            for (int line : changes.codeRemoved()) {
                Members.Member m = Members.at(membersBefore, line);
                if (m != null) {
                    touched.add(path + ": " + m.name());
                }
            }
            for (int line : changes.codeAdded()) {
                Members.Member m = Members.at(membersAfter, line);
                if (m != null) {
                    touched.add(path + ": " + m.name());
                }
            }
        }
        Set<String> places = new TreeSet<>(touched);
        Set<String> untouched = new TreeSet<>();
        Set<String> copied = new TreeSet<>();
        if (!touched.isEmpty()) {
            for (String copy : copiesOf(before, old, touched)) {
                if (touched.contains(copy)) {
                    copied.add(copy);
                } else {
                    places.add(copy);
                    untouched.add(copy);
                }
            }
        }
        return new ChangeCost(n[0], n[1], n[2], n[3], files, List.copyOf(new TreeSet<>(touched)), generic,
                List.copyOf(places), List.copyOf(untouched), List.copyOf(copied));
    }

    /**
     * The functions of the sources below {@code root} that share a renamed copy with one of
     * {@code functions}. Each occurrence of a copied block belongs to the innermost function that
     * holds at least half of its lines, if one does: a block that only grazes the end of one
     * function and runs on into the next belongs to the next.
     */
    private static Set<String> copiesOf(Path root, Map<String, String> sources, Set<String> functions) {
        Map<String, List<Members.Member>> members = new TreeMap<>();
        sources.forEach((path, text) -> members.put(path, Members.of(path, text)));
        Set<String> copies = new TreeSet<>();
        for (Duplication.Block block : Duplication.renamedCopies(root, COPY_TOKENS)) {
            Set<String> inBlock = new LinkedHashSet<>();
            for (Duplication.Occurrence o : block.occurrences()) {
                Members.Member owner = owner(members.getOrDefault(o.file(), List.of()), o);
                if (owner != null) {
                    inBlock.add(o.file() + ": " + owner.name());
                }
            }
            if (inBlock.size() > 1 && inBlock.stream().anyMatch(functions::contains)) {
                copies.addAll(inBlock);
            }
        }
        return copies;
    }

    /** The innermost member holding at least half of the occurrence's lines, or null. */
    private static Members.Member owner(List<Members.Member> all, Duplication.Occurrence o) {
        int lines = o.endLine() - o.beginLine() + 1;
        Members.Member best = null;
        for (Members.Member m : all) {
            int overlap = Math.min(m.lastLine(), o.endLine()) - Math.max(m.firstLine(), o.beginLine()) + 1;
            if (2 * overlap >= lines && (best == null
                    || m.lastLine() - m.firstLine() < best.lastLine() - best.firstLine())) {
                best = m;
            }
        }
        return best;
    }

    private static Map<String, String> sources(Path root) {
        Map<String, String> text = new TreeMap<>();
        if (root == null || !Files.isDirectory(root)) {
            return text;
        }
        for (Path file : Designs.javaFiles(root)) {
            text.put(Designs.relative(root, file), SourceLines.read(file));
        }
        return text;
    }
}
