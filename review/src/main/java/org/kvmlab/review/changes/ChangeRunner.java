package org.kvmlab.review.changes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.kvmlab.review.conformance.TestRun;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.metrics.ChangeCost;

/**
 * Carries every design through every change request, one change at a time on top of today's
 * sources: for each change and design, a copy of the core, the SPI, the kit and the design's
 * module gets the change's shared patch and the design's patch, the patched modules are compiled
 * with the JDK's compiler API, the design's tests (the kit's suite among them, now with the
 * change's own tests) run through the JUnit Platform launcher in a fresh class loader, and the
 * change's cost is read from the design's code before and after ({@link ChangeCost}).
 *
 * <p>Each change is applied alone to the repository as it is, never on top of another: every
 * cost is then measured from the same starting point, a patch that breaks says which change
 * broke, and the changes, which Linux made years apart to different parts of the layer, do not
 * depend on one another here.
 *
 * <p>Results are kept in {@code target/changes/cache}, keyed by a hash of everything a result
 * depends on (the patches, the sources of the core, the SPI, the kit and the design's module, the
 * libraries, and whether the run was quick), so a second run of unchanged inputs reads them back.
 */
public final class ChangeRunner {
    /** Bumped whenever what a cached result holds, or how it is computed, changes. */
    static final String CACHE_VERSION = "changes-3";
    /** The folders of the shared modules a change's shared patch may touch. */
    static final List<String> SHARED_MODULES = List.of("shared/core", "shared/spi", "shared/conformance");
    /** The test classes the runner runs in a module: the ones its build's Surefire runs. */
    static final String TEST_CLASSES = ".*Test";

    /**
     * How to run.
     *
     * @param root   the repository
     * @param quick  leave the property and stress tests out
     * @param design only this design (or the baseline), or null for all
     * @param change only this change (its number, or its whole id), or null for all
     * @param cache  read and write results in the cache folder
     * @param work   where the copies, the classes and the cache go ({@code target/changes} below
     *               the root by default)
     */
    public record Options(Path root, boolean quick, String design, String change, boolean cache, Path work) {
        /** Options that work in {@code target/changes} below the root. */
        public Options(Path root, boolean quick, String design, String change, boolean cache) {
            this(root, quick, design, change, cache, root.resolve("target/changes"));
        }
    }

    private final Options options;
    private final PrintStream progress;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Map<String, SharedBuild> shared = new LinkedHashMap<>();

    public ChangeRunner(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** The change requests of the repository at {@code root}, in number order. */
    public static List<ChangeRequest> changes(Path root) {
        Path dir = root.resolve(ChangeRequest.SHARED_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".patch")).sorted()
                    .map(ChangeRequest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The patch of {@code design} for {@code change}, {@code MODULE/changes/NN-NAME.patch}. */
    public static Path patchOf(Design design, ChangeRequest change) {
        return design.moduleDir().resolve("changes").resolve(change.fileName());
    }

    /**
     * Runs every selected change on every selected design ({@code designs}, then the baseline,
     * which may be null).
     */
    public ChangesReport run(List<Design> designs, Design baseline) {
        List<ChangeRequest> all = changes(options.root());
        List<ChangeRequest> selected = all.stream().filter(c -> options.change() == null
                || c.number().equals(options.change()) || c.id().equals(options.change())).toList();
        List<Design> modules = new ArrayList<>(designs);
        if (baseline != null) {
            modules.add(baseline);
        }
        modules = modules.stream().filter(d -> options.design() == null || d.name().equals(options.design())).toList();
        List<PairResult> results = new ArrayList<>();
        for (ChangeRequest change : selected) {
            progress.println("  change " + change.id() + ": " + change.title() + " (Linux " + change.linux() + ")");
            for (Design design : modules) {
                boolean isBaseline = baseline != null && design.name().equals(baseline.name());
                PairResult r = runOne(change, design, isBaseline);
                results.add(r);
                progress.println("    " + line(r));
                r.failures().stream().limit(5).forEach(f -> progress.println("      failed: " + f));
                progress.flush();
            }
        }
        return ChangesReport.of(selected, modules.stream().map(Design::name).toList(),
                baseline == null ? null : baseline.name(), options.quick(), results);
    }

    /** One change on one design. */
    PairResult runOne(ChangeRequest change, Design design, boolean isBaseline) {
        if (isBaseline && !change.baseline()) {
            return PairResult.absent(change.id(), design.name(), true, PairResult.Status.NOT_APPLICABLE);
        }
        Path patchFile = patchOf(design, change);
        if (!Files.isRegularFile(patchFile)) {
            return PairResult.absent(change.id(), design.name(), isBaseline, PairResult.Status.NOT_CARRIED);
        }
        String modulePath = options.root().relativize(design.moduleDir().toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        String key = options.cache() ? cacheKey(change, patchFile, modulePath) : null;
        Path cached = key == null ? null : cacheFile(change, design, key);
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                return json.readValue(cached.toFile(), PairResult.class).cached();
            } catch (IOException e) {
                // A cache file that does not read is recomputed.
            }
        }
        PairResult result = compute(change, design, isBaseline, patchFile, modulePath);
        if (cached != null) {
            try {
                Files.createDirectories(cached.getParent());
                json.writeValue(cached.toFile(), result);
            } catch (IOException e) {
                progress.println("    (results not cached: " + e.getMessage() + ")");
            }
        }
        return result;
    }

    private PairResult compute(ChangeRequest change, Design design, boolean isBaseline, Path patchFile, String modulePath) {
        long start = System.nanoTime();
        String who = change.id() + "/" + design.name();
        UnifiedDiff patch;
        try {
            patch = UnifiedDiff.parse(options.root().relativize(patchFile).toString(), ChangeRequest.lines(patchFile));
        } catch (IllegalArgumentException e) {
            return PairResult.broken(change.id(), design.name(), isBaseline, PairResult.Status.NOT_APPLIED, e.getMessage(),
                    millis(start));
        }
        for (UnifiedDiff.FileDiff f : patch.files()) {
            if (!f.path().startsWith(modulePath + "/")) {
                return PairResult.broken(change.id(), design.name(), isBaseline, PairResult.Status.NOT_APPLIED,
                        options.root().relativize(patchFile) + ":" + f.line() + ": " + f.path() + " is outside the module "
                                + modulePath, millis(start));
            }
        }
        SharedBuild sharedBuild = shared.computeIfAbsent(change.id(), id -> buildShared(change));
        if (sharedBuild.problem() != null) {
            return PairResult.broken(change.id(), design.name(), isBaseline, sharedBuild.status(), sharedBuild.problem(),
                    millis(start));
        }
        Path work = workDir(change).resolve(design.name());
        PatchedTree tree = PatchedTree.copy(options.root(), work.resolve("src-tree"), List.of(modulePath));
        try {
            tree.apply(options.root().relativize(patchFile).toString(), patch);
        } catch (PatchedTree.NotApplied e) {
            return PairResult.broken(change.id(), design.name(), isBaseline, PairResult.Status.NOT_APPLIED, e.getMessage(),
                    millis(start));
        }
        Path classes = work.resolve("classes");
        PatchedTree.deleteRecursively(classes);
        Path module = tree.resolve(modulePath);
        List<Path> classpath = new ArrayList<>();
        classpath.add(sharedBuild.classes());
        classpath.addAll(JavaBuild.runtimeClasspath());
        try {
            JavaBuild.compile(List.of(module.resolve("src/main/java"), module.resolve("src/test/java")),
                    List.of(module.resolve("src/main/resources"), module.resolve("src/test/resources")), classpath, classes,
                    tree.work());
        } catch (JavaBuild.DidNotCompile e) {
            return PairResult.broken(change.id(), design.name(), isBaseline, PairResult.Status.NOT_COMPILED,
                    who + ": " + e.getMessage(), millis(start));
        }
        TestRun.Result run = IsolatedKit.run(List.of(classes, sharedBuild.classes()), design.packageRoot(),
                options.quick() ? TestRun.SLOW_TAGS : Set.of(), TEST_CLASSES);
        long failed = run.failed();
        List<TestRun.TestResult> own = run.tests().stream().filter(t -> t.hasTag(change.tag())).toList();
        long ownFailed = own.stream().filter(t -> t.status() == TestRun.Status.FAILED).count();
        List<String> failures = run.tests().stream().filter(t -> t.status() == TestRun.Status.FAILED).limit(10)
                .map(t -> t.displayName() + ": " + t.message()).toList();
        Path before = design.sourceRoot();
        Path after = tree.resolve(modulePath).resolve(options.root().resolve(modulePath).relativize(before).toString());
        ChangeCost cost = ChangeCost.of(before, after);
        String sourcePrefix = options.root().relativize(before.toAbsolutePath().normalize()).toString().replace('\\', '/') + "/";
        List<String> other = patch.files().stream().map(UnifiedDiff.FileDiff::path)
                .filter(p -> !p.startsWith(sourcePrefix) || p.startsWith(sourcePrefix + "adapter/"))
                .map(p -> p.substring(modulePath.length() + 1)).toList();
        PairResult.Status status;
        String problem = null;
        if (failed > 0) {
            status = PairResult.Status.FAILED;
            problem = failed + " of " + run.tests().size() + " tests failed";
        } else if (!isBaseline && own.isEmpty()) {
            status = PairResult.Status.FAILED;
            problem = "none of the change's own tests (tag " + change.tag() + ") ran";
        } else {
            status = PairResult.Status.PASSED;
        }
        return new PairResult(change.id(), design.name(), isBaseline, status, problem, run.tests().size(), failed,
                own.size(), ownFailed, failures, cost, other, millis(start));
    }

    /** The patched core, SPI and kit of a change, compiled once for every design. */
    private record SharedBuild(Path classes, PairResult.Status status, String problem) {}

    private SharedBuild buildShared(ChangeRequest change) {
        Path work = workDir(change);
        PatchedTree tree = PatchedTree.copy(options.root(), work.resolve("shared-tree"), SHARED_MODULES);
        try {
            tree.apply(options.root().relativize(change.shared()).toString(), change.diff());
        } catch (PatchedTree.NotApplied e) {
            return new SharedBuild(null, PairResult.Status.NOT_APPLIED, e.getMessage());
        }
        Path classes = work.resolve("shared-classes");
        PatchedTree.deleteRecursively(classes);
        List<Path> sources = new ArrayList<>();
        List<Path> resources = new ArrayList<>();
        for (String module : SHARED_MODULES) {
            sources.add(tree.resolve(module).resolve("src/main/java"));
            resources.add(tree.resolve(module).resolve("src/main/resources"));
        }
        try {
            JavaBuild.compile(sources, resources, JavaBuild.runtimeClasspath(), classes, tree.work());
        } catch (JavaBuild.DidNotCompile e) {
            return new SharedBuild(null, PairResult.Status.NOT_COMPILED, change.id() + " (shared part): " + e.getMessage());
        }
        return new SharedBuild(classes, null, null);
    }

    private Path workDir(ChangeRequest change) {
        return options.work().resolve("work").resolve(change.id());
    }

    private Path cacheFile(ChangeRequest change, Design design, String key) {
        return options.work().resolve("cache").resolve(change.id() + "-" + design.name() + "-" + key + ".json");
    }

    /** A hash of everything the result of {@code change} on the module depends on. */
    private String cacheKey(ChangeRequest change, Path patchFile, String modulePath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((CACHE_VERSION + "|" + options.quick() + "|").getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(change.shared()));
            digest.update(Files.readAllBytes(patchFile));
            // The libraries the patched code is compiled and tested with, by name and size.
            for (Path entry : JavaBuild.runtimeClasspath()) {
                if (Files.isRegularFile(entry)) {
                    digest.update((entry.getFileName() + ":" + Files.size(entry) + "|").getBytes(StandardCharsets.UTF_8));
                }
            }
            List<String> trees = new ArrayList<>(SHARED_MODULES.stream().map(m -> m + "/src").toList());
            trees.add(modulePath + "/src");
            for (String tree : trees) {
                Path dir = options.root().resolve(tree);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update(options.root().relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                        digest.update(Files.readAllBytes(file));
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The progress line of one result. */
    static String line(PairResult r) {
        String head = r.design() + (r.baseline() ? " (baseline)" : "") + ": " + r.status().word();
        if (r.cost() == null) {
            return head + (r.problem() == null ? "" : ": " + r.problem());
        }
        ChangeCost c = r.cost();
        return head + ", " + r.tests() + " tests" + (r.changeTests() > 0 ? " (" + r.changeTests() + " of the change's)" : "")
                + ", " + r.failed() + " failed; code +" + c.codeAdded() + " -" + c.codeRemoved() + ", "
                + count(c.functions().size(), "function") + ", " + count(c.places().size(), "place")
                + (r.millis() > 0 ? String.format(Locale.ROOT, " (%.1f s)", r.millis() / 1000.0) : " (cached)")
                + (r.problem() == null ? "" : ": " + r.problem());
    }

    private static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
