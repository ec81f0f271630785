package org.kvmlab.review.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sourceforge.pmd.cpd.CPDConfiguration;
import net.sourceforge.pmd.cpd.CPDReport;
import net.sourceforge.pmd.cpd.CpdAnalysis;
import net.sourceforge.pmd.cpd.Mark;
import net.sourceforge.pmd.cpd.Match;
import net.sourceforge.pmd.lang.document.FileLocation;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;

/**
 * Duplicated code inside one design, found by PMD's copy-paste detector (CPD, used as a library:
 * PMD 7.16 is the first whose Java lexer reads Java 25). CPD reports every run of at least
 * {@link #MINIMUM_TOKENS} tokens that occurs more than once among the design's main sources;
 * identifiers and literals must match too (a copy that renamed {@code kvm} to {@code vcpu} is
 * found only from its unrenamed stretches), annotations are ignored.
 *
 * <p>Duplicated lines are the design's code lines ({@link SourceLines}) that lie inside any
 * occurrence of a duplicated block, the first occurrence included; their share is of all the
 * design's code lines.
 */
public final class Duplication {
    /** CPD's minimum tile: the shortest token run reported as a duplicate. */
    public static final int MINIMUM_TOKENS = 50;
    /** How many of the longest duplicated blocks the report lists per design. */
    public static final int LONGEST = 5;

    private Duplication() {}

    /** Where one occurrence of a block lies. */
    public record Occurrence(String file, int beginLine, int endLine) {}

    /** One duplicated block: its size and every place it occurs. */
    public record Block(int tokens, int lines, List<Occurrence> occurrences) {}

    /**
     * A design's duplication.
     *
     * @param duplicatedLines code lines inside some duplicated block
     * @param codeLines       all the design's code lines
     * @param blocks          every block CPD reported
     * @param longest         the {@link #LONGEST} longest blocks, longest first
     */
    public record Result(String design, int minimumTokens, int duplicatedLines, int codeLines, int blockCount,
                         List<Block> longest) {
        /** Duplicated lines as a share of the code lines, 0 to 1. */
        public double share() {
            return codeLines == 0 ? 0 : (double) duplicatedLines / codeLines;
        }
    }

    /** Runs CPD on the main sources of {@code design}. */
    public static Result of(Design design) {
        return of(design.name(), design.sourceRoot(), MINIMUM_TOKENS);
    }

    /** Runs CPD on the {@code .java} files below {@code root}, reporting runs of {@code minimumTokens} or more. */
    public static Result of(String name, Path root, int minimumTokens) {
        List<Path> files = Designs.javaFiles(root);
        Map<String, boolean[]> codeLines = new HashMap<>();
        int total = 0;
        for (Path file : files) {
            boolean[] code = SourceLines.codeLines(SourceLines.read(file));
            codeLines.put(file.toAbsolutePath().normalize().toString(), code);
            for (boolean b : code) {
                total += b ? 1 : 0;
            }
        }
        List<Block> blocks = new ArrayList<>();
        Set<String> duplicated = new HashSet<>();
        analyse(root, files, minimumTokens, false, report -> collect(report, root, codeLines, blocks, duplicated));
        blocks.sort(Comparator.comparingInt(Block::lines).reversed().thenComparing(Comparator.comparingInt(Block::tokens).reversed()));
        return new Result(name, minimumTokens, duplicated.size(), total, blocks.size(),
                List.copyOf(blocks.subList(0, Math.min(LONGEST, blocks.size()))));
    }

    /**
     * Every block of at least {@code minimumTokens} tokens that occurs more than once among the
     * {@code .java} files below {@code root} up to the names and literals in it (CPD with
     * identifiers and literals ignored): copies of one piece of code that were renamed on the
     * way, as an {@code x86_*} copy of a {@code kvm_*} accessor is. What a change's cost counts
     * as the copies of a function it touched.
     */
    public static List<Block> renamedCopies(Path root, int minimumTokens) {
        List<Block> blocks = new ArrayList<>();
        analyse(root, Designs.javaFiles(root), minimumTokens, true,
                report -> collect(report, root, Map.of(), blocks, new HashSet<>()));
        return List.copyOf(blocks);
    }

    private static void analyse(Path root, List<Path> files, int minimumTokens, boolean ignoreNames,
                                java.util.function.Consumer<CPDReport> consumer) {
        CPDConfiguration config = new CPDConfiguration();
        config.setMinimumTileSize(minimumTokens);
        config.setOnlyRecognizeLanguage(config.getLanguageRegistry().getLanguageById("java"));
        config.setSourceEncoding(StandardCharsets.UTF_8);
        config.setIgnoreAnnotations(true);
        config.setIgnoreIdentifiers(ignoreNames);
        config.setIgnoreLiterals(ignoreNames);
        try (CpdAnalysis cpd = CpdAnalysis.create(config)) {
            for (Path file : files) {
                cpd.files().addFile(file);
            }
            cpd.performAnalysis(consumer::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(CPDReport report, Path root, Map<String, boolean[]> codeLines, List<Block> blocks,
                                Set<String> duplicated) {
        for (Match match : report.getMatches()) {
            List<Occurrence> occurrences = new ArrayList<>();
            for (Mark mark : match) {
                FileLocation at = mark.getLocation();
                Path file = Path.of(at.getFileId().getAbsolutePath()).toAbsolutePath().normalize();
                occurrences.add(new Occurrence(Designs.relative(root.toAbsolutePath().normalize(), file),
                        at.getStartLine(), at.getEndLine()));
                boolean[] code = codeLines.get(file.toString());
                for (int line = at.getStartLine(); line <= at.getEndLine(); line++) {
                    if (code != null && line - 1 < code.length && code[line - 1]) {
                        duplicated.add(file + ":" + line);
                    }
                }
            }
            occurrences.sort(Comparator.comparing(Occurrence::file).thenComparingInt(Occurrence::beginLine));
            blocks.add(new Block(match.getTokenCount(), match.getLineCount(), List.copyOf(occurrences)));
        }
    }
}
