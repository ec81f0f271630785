package org.kvmlab.review.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.ScenarioCommand;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;
import org.kvmlab.review.files.FileTrees;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.DesignModules;
import org.kvmlab.spi.LabModules;

/**
 * {@code kvmlab new-design NAME}: makes {@code variant-NAME}, a design module of its own, from the
 * lab's neutral baseline, and adds it to the parent POM's {@code <modules>}, after the last design.
 * Nothing else in the repository changes: the kit, the bench and the review find the module when
 * they run.
 *
 * <p>The module holds the baseline's code ({@code virt}, {@code arch}: Linux 4.1's accessors,
 * their package renamed, the sentences that called them the lab's baseline dropped), the
 * baseline's adapter under the design's name, a registration as a contestant sorting after the
 * thread's designs, a case in the thread to fill in, and tests: the kit's suite and the two
 * architecture rules every design module keeps. It builds as it is, and it fails DESIGN.md rule 2
 * until its vCPU-level accessors hide SMRAM from a vCPU outside SMM.
 *
 * <p>The module is written in a hidden folder first and moved into place, and the POM is changed
 * last, so a failure leaves nothing half made.
 */
public final class NewDesign {
    /** The longest name accepted: module folder, package and class names stay readable. */
    public static final int MAX_NAME = 40;

    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern CLASS_DOC = Pattern.compile("/\\*\\*(?:(?!\\*/).)*\\*/\\s*(?=public final class)",
            Pattern.DOTALL);
    private static final Pattern MODULE_LINE = Pattern.compile("(?m)^([ \\t]*)<module>([^<]+)</module>[ \\t]*$");
    private static final int WIDTH = 100;

    private NewDesign() {}

    /** Why a name or the repository cannot take the new design; nothing has been written. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * What was made.
     *
     * @param name   the design's name
     * @param module its module folder
     * @param files  every file written, relative to the repository root, sorted
     * @param after  the module after whose line in {@code <modules>} it was added
     * @param from   the baseline it was made from
     */
    public record Created(String name, Path module, List<String> files, String after, String from) {}

    /** The design's package root: {@code org.kvmlab.} and the name without dashes. */
    public static String packageOf(String name) {
        return "org.kvmlab." + name.replace("-", "");
    }

    /** The prefix of the design's class names: each word of the name capitalised ({@code my-design}: {@code MyDesign}). */
    public static String classPrefixOf(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("-")) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    /** The class that registers the design: {@code PREFIXDesign}, or the prefix alone when it ends in {@code Design}. */
    public static String designClassOf(String name) {
        String prefix = classPrefixOf(name);
        return prefix.endsWith("Design") ? prefix : prefix + "Design";
    }

    /**
     * Makes the design {@code name} in the repository at {@code root}, from its baseline.
     *
     * @throws Refused     if the name is malformed or taken, or the repository has no baseline
     * @throws IOException if a file cannot be written; what was written is removed
     */
    public static Created create(Path root, String name) throws Refused, IOException {
        check(root, name);
        Design baseline = Designs.baseline(root);
        if (baseline == null || baseline.module() == null || !baseline.hasSources()) {
            throw new Refused("the build has no baseline to start from (a module registered with the role BASELINE,"
                    + " built, with its sources)");
        }
        String after = lastDesignModule(root);
        Path module = root.resolve("variant-" + name);
        Path staging = root.resolve(".variant-" + name + ".new");
        FileTrees.deleteRecursively(staging);
        List<String> files = new ArrayList<>();
        try {
            write(staging, baseline, name, files);
            move(staging, module);
            addModule(root, "variant-" + name, after);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteRecursively(staging);
            FileTrees.deleteRecursively(module);
            throw e;
        }
        List<String> written = files.stream().map(f -> root.relativize(module.resolve(f)).toString().replace('\\', '/'))
                .sorted().toList();
        return new Created(name, module, written, after, baseline.name());
    }

    /** Refuses a name that is malformed or already taken, before anything is written. */
    static void check(Path root, String name) throws Refused {
        if (name == null || name.isEmpty()) {
            throw new Refused("the name is empty; expected lower-case letters and digits in dash-separated words,"
                    + " such as my-design");
        }
        if (name.length() > MAX_NAME) {
            throw new Refused(printable(name) + "...: " + name.length() + " characters, at most " + MAX_NAME);
        }
        if (!DesignModules.NAME.matcher(name).matches()) {
            throw new Refused(printable(name) + ": expected lower-case letters and digits in dash-separated words,"
                    + " starting with a letter, such as my-design");
        }
        String last = packageOf(name).substring("org.kvmlab.".length());
        if (SourceVersion.isKeyword(last)) {
            throw new Refused(name + ": its package would be " + packageOf(name) + ", and " + last
                    + " is a Java keyword; choose another name");
        }
        if (Set.of(ScenarioCommand.ALL, ReferenceAdapter.NAME).contains(name)) {
            throw new Refused(name + ": --variant " + name + " already means something to the kit; choose another name");
        }
        Path module = root.resolve("variant-" + name);
        if (Files.exists(module)) {
            throw new Refused(name + ": variant-" + name + " already exists");
        }
        LabModules lab = LabModules.at(root);
        if (lab.modules().contains("variant-" + name)) {
            throw new Refused(name + ": pom.xml already lists variant-" + name);
        }
        String packagePath = packageOf(name).replace('.', '/');
        for (String m : lab.modules()) {
            for (String scope : List.of("main", "test")) {
                if (Files.isDirectory(root.resolve(m).resolve("src").resolve(scope).resolve("java").resolve(packagePath))) {
                    throw new Refused(name + ": its package " + packageOf(name) + " is already used by " + m);
                }
            }
        }
        try {
            for (Design d : Designs.discover(root)) {
                if (d.name().equals(name)) {
                    throw new Refused(name + ": a design of that name is already in the build (" + d.moduleDir() + ")");
                }
            }
            Design baseline = Designs.baseline(root);
            if (baseline != null && baseline.name().equals(name)) {
                throw new Refused(name + ": the baseline already has that name");
            }
        } catch (IllegalStateException e) {
            throw new Refused("the build's designs cannot be read: " + e.getMessage());
        }
    }

    private static void write(Path dir, Design baseline, String name, List<String> files) throws IOException {
        Map<String, String> vars = Map.of("name", name, "package", packageOf(name), "Class", classPrefixOf(name),
                "Design", designClassOf(name), "baseline", baseline.name());
        String pkgPath = packageOf(name).replace('.', '/');
        Path main = Path.of("src/main/java").resolve(pkgPath);
        Path test = Path.of("src/test/java").resolve(pkgPath);
        String cls = classPrefixOf(name);

        put(dir, Path.of("pom.xml"), template("pom.xml.tmpl", vars), files);
        // The baseline's code, under the design's package.
        for (Path source : Designs.javaFiles(baseline.sourceRoot())) {
            String relative = Designs.relative(baseline.sourceRoot(), source);
            String text = Files.readString(source, StandardCharsets.UTF_8).replace(baseline.packageRoot(), packageOf(name));
            put(dir, main.resolve(relative), withoutBaselineSentences(text), files);
        }
        // The baseline's adapter, under the design's name.
        DesignModule module = baseline.module();
        Class<?> accessors = module.accessors(null).getClass();
        Path accessorsSource = baseline.sourceRoot().resolve(DesignModule.ADAPTER_PACKAGE)
                .resolve(accessors.getSimpleName() + ".java");
        String adapter = Files.readString(accessorsSource, StandardCharsets.UTF_8)
                .replace(baseline.packageRoot(), packageOf(name))
                .replace(accessors.getSimpleName(), cls + "Accessors");
        Matcher doc = CLASS_DOC.matcher(adapter);
        if (!doc.find()) {
            throw new IllegalStateException(accessorsSource + " has no class comment before its class");
        }
        adapter = adapter.substring(0, doc.start()) + template("AccessorsDoc.txt.tmpl", vars) + adapter.substring(doc.end());
        put(dir, main.resolve("adapter/" + cls + "Accessors.java"), adapter, files);
        put(dir, main.resolve("adapter/" + designClassOf(name) + ".java"), template("Design.java.tmpl", vars), files);
        put(dir, main.resolve("adapter/package-info.java"), template("adapter-package-info.java.tmpl", vars), files);
        put(dir, Path.of("src/main/resources/META-INF/services/" + LabModules.DESIGN_SERVICE),
                packageOf(name) + ".adapter." + designClassOf(name) + "\n", files);
        put(dir, Path.of("src/main/resources").resolve(pkgPath).resolve("adapter/thread-case.txt"),
                template("thread-case.txt.tmpl", vars), files);
        // Its tests: the kit's suite and the rules every design module keeps.
        put(dir, test.resolve("conformance/" + cls + "ConformanceTest.java"), template("ConformanceTest.java.tmpl", vars),
                files);
        put(dir, test.resolve("architecture/" + cls + "ArchitectureTest.java"),
                template("ArchitectureTest.java.tmpl", vars), files);
        put(dir, test.resolve("archviolations/virt/kvm/GenericAccessorThatUsesTheKit.java"),
                template("GenericAccessorThatUsesTheKit.java.tmpl", vars), files);
        put(dir, test.resolve("archviolations/adapter/AdapterThatUsesTheKit.java"),
                template("AdapterThatUsesTheKit.java.tmpl", vars), files);
    }

    /**
     * {@code text} with every sentence of its doc comments that names the baseline left out, so
     * that the copy does not claim to be the lab's baseline; a comment left with no sentence says
     * where the code came from instead.
     */
    static String withoutBaselineSentences(String text) {
        Matcher m = JAVADOC.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(1);
            if (!body.toLowerCase(Locale.ROOT).contains("baseline")) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            int lineStart = text.lastIndexOf('\n', m.start()) + 1;
            String indent = text.substring(lineStart, m.start());
            List<String> paragraphs = new ArrayList<>();
            for (String paragraph : unstar(body).split("\\s*<p>\\s*")) {
                List<String> kept = new ArrayList<>();
                for (String sentence : paragraph.strip().split("(?<=\\.)\\s+(?=[A-Z{])")) {
                    if (!sentence.isBlank() && !sentence.toLowerCase(Locale.ROOT).contains("baseline")) {
                        kept.add(sentence.strip());
                    }
                }
                if (!kept.isEmpty()) {
                    paragraphs.add(String.join(" ", kept));
                }
            }
            if (paragraphs.isEmpty()) {
                paragraphs.add("Linux 4.1's, copied by {@code ./kvmlab new-design}: this design's to change.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(javadoc(paragraphs, indent)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unstar(String body) {
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            String l = line.strip();
            if (l.startsWith("*")) {
                l = l.substring(1).strip();
            }
            text.append(l).append(l.isEmpty() ? "\n<p>\n" : " ");
        }
        return text.toString().replaceAll("(\\s*<p>\\s*)+", " <p> ").strip();
    }

    private static String javadoc(List<String> paragraphs, String indent) {
        if (paragraphs.size() == 1 && indent.length() + paragraphs.getFirst().length() + 7 <= WIDTH) {
            return "/** " + paragraphs.getFirst() + " */";
        }
        StringBuilder out = new StringBuilder("/**\n");
        for (int p = 0; p < paragraphs.size(); p++) {
            StringBuilder line = new StringBuilder(indent + " * " + (p > 0 ? "<p>" : ""));
            boolean first = true;
            for (String word : paragraphs.get(p).split(" ")) {
                if (line.length() + 1 + word.length() > WIDTH && !first) {
                    out.append(line).append('\n');
                    line = new StringBuilder(indent + " * ");
                    first = true;
                }
                line.append(first ? "" : " ").append(word);
                first = false;
            }
            out.append(line).append('\n');
            if (p + 1 < paragraphs.size()) {
                out.append(indent).append(" *\n");
            }
        }
        return out.append(indent).append(" */").toString();
    }

    /** The last module of {@code <modules>} that registers a design: the new one goes after it. */
    private static String lastDesignModule(Path root) throws Refused {
        List<LabModules.LabModule> designs = LabModules.at(root).designModules();
        if (designs.isEmpty()) {
            throw new Refused("pom.xml lists no design module, so where a new one goes is unknown");
        }
        return designs.getLast().path();
    }

    /** Adds {@code <module>NEW</module>} after the line of {@code after}, indented as it is. */
    private static void addModule(Path root, String module, String after) throws IOException {
        Path pom = root.resolve("pom.xml");
        String text = Files.readString(pom, StandardCharsets.UTF_8);
        Matcher m = MODULE_LINE.matcher(text);
        while (m.find()) {
            if (m.group(2).strip().equals(after)) {
                String line = "\n" + m.group(1) + "<module>" + module + "</module>";
                Path next = root.resolve(".pom.xml.new");
                Files.writeString(next, text.substring(0, m.end()) + line + text.substring(m.end()), StandardCharsets.UTF_8);
                move(next, pom);
                return;
            }
        }
        throw new IllegalStateException("pom.xml has no line <module>" + after + "</module>");
    }

    private static void put(Path dir, Path relative, String text, List<String> files) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        files.add(relative.toString().replace('\\', '/'));
    }

    private static String template(String name, Map<String, String> vars) {
        try (InputStream in = NewDesign.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the scaffold's template " + name + " is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : vars.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A name as it can be shown on one line: control characters escaped, at most 40 characters. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX_NAME; i++) {
            char c = name.charAt(i);
            out.append(Character.isISOControl(c) || Character.isWhitespace(c) && c != ' '
                    ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return "\"" + out + "\"";
    }
}
