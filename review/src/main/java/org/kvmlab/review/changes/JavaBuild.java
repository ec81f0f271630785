package org.kvmlab.review.changes;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles patched sources in this process with the JDK's compiler API ({@code javax.tools}),
 * against the class path this process runs on, instead of a Maven build per change: the
 * libraries are the ones the build resolved, and the patched classes go first on the class path,
 * so they stand in for the ones of the same name there.
 */
public final class JavaBuild {
    /** The compiler options every build uses: the project's release, no annotation processing. */
    private static final List<String> OPTIONS = List.of("--release", "25", "-proc:none", "-encoding", "UTF-8",
            "-nowarn", "-Xlint:none", "-implicit:none");

    private JavaBuild() {}

    /** Why sources did not compile: the compiler's first errors, {@code FILE:LINE: message}. */
    public static final class DidNotCompile extends Exception {
        DidNotCompile(String message) {
            super(message);
        }
    }

    /**
     * Compiles every {@code .java} file below {@code sourceRoots} into {@code out}, then copies
     * every other file below {@code resourceRoots} there, as Maven's resources do.
     *
     * @param classpath what the sources are compiled against, first entries first
     * @throws DidNotCompile with the first errors, paths relative to {@code shownFrom}
     */
    public static void compile(List<Path> sourceRoots, List<Path> resourceRoots, List<Path> classpath, Path out,
                               Path shownFrom) throws DidNotCompile {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("this Java runtime has no compiler (javax.tools); run the lab on a JDK 25");
        }
        List<Path> sources = new ArrayList<>();
        for (Path root : sourceRoots) {
            sources.addAll(files(root, true));
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(OPTIONS);
            options.addAll(List.of("-d", out.toString(), "-cp",
                    String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList())));
            boolean ok = sources.isEmpty() || compiler.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                List<String> errors = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR && errors.size() < 5) {
                        String where = d.getSource() == null ? "" : shown(shownFrom, Path.of(d.getSource().toUri())) + ":"
                                + d.getLineNumber() + ": ";
                        errors.add(where + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
                    }
                }
                throw new DidNotCompile(String.join("; ", errors));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path root : resourceRoots) {
            for (Path file : files(root, false)) {
                Path target = out.resolve(root.relativize(file).toString());
                try {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy " + file, e);
                }
            }
        }
    }

    /**
     * The class path this process runs on, as files: {@code java.class.path}, with a manifest-only
     * jar (how Surefire starts tests) replaced by the entries its {@code Class-Path} names.
     */
    public static List<Path> runtimeClasspath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            List<Path> manifestOnly = manifestClassPath(path);
            if (manifestOnly != null) {
                entries.addAll(manifestOnly);
            } else {
                entries.add(path);
            }
        }
        return List.copyOf(entries);
    }

    /** The {@code Class-Path} of a jar that holds nothing but its manifest, or null for any other entry. */
    private static List<Path> manifestClassPath(Path entry) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return null;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            boolean onlyManifest = jar.stream().noneMatch(e -> e.getName().endsWith(".class"));
            if (classPath == null || !onlyManifest) {
                return null;
            }
            List<Path> paths = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                paths.add(Path.of(java.net.URI.create(url.startsWith("file:") ? url
                        : entry.getParent().toUri().resolve(url).toString())).toAbsolutePath().normalize());
            }
            return paths;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Path> files(Path root, boolean java) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java") == java).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shown(Path from, Path file) {
        return from != null && file.startsWith(from) ? from.relativize(file).toString() : file.toString();
    }
}
