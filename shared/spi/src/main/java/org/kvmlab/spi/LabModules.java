package org.kvmlab.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * How the lab finds design modules at run time, without any list of them: the modules of the
 * repository's parent POM ({@code <modules>}), those that register a lab service in their main
 * resources ({@code META-INF/services/org.kvmlab.spi.DesignModule}, or a kit
 * {@code org.kvmlab.conformance.VariantAdapter} such as a reference model of their own), and a
 * class loader over their compiled classes. The kit, the bench (in each of its forks), the review
 * and {@code ./kvmlab} all go through here, so adding a design is adding its module and its line in
 * {@code <modules>}.
 *
 * <p>Classes come from each module's {@code target/classes} (and, for the kit's and the review's
 * runs, a design's {@code target/test-classes}: its suite, its architecture rules and its
 * declared differences), so the modules must have been built; a reactor build builds them before
 * {@code bench} and {@code review}, which come after every design in {@code <modules>}. A class
 * loader is made once per repository and scope and kept for the life of the JVM, so that a
 * design's classes are loaded once.
 */
public final class LabModules {
    /** The system property that names the repository root, when the default is not wanted. */
    public static final String ROOT_PROPERTY = "kvmlab.root";
    /** The service every design registers. */
    public static final String DESIGN_SERVICE = DesignModule.class.getName();
    /** The kit's service, which a module may register for a reference of its own. */
    public static final String VARIANT_SERVICE = "org.kvmlab.conformance.VariantAdapter";

    /** Which classes a loader holds. */
    public enum Scope {
        /** The designs' main classes: what the bench measures (no test library comes with them). */
        DESIGN_CLASSES,
        /** Every lab module's main classes and the designs' test classes: what the kit and the review run. */
        WITH_DESIGN_TESTS
    }

    /**
     * One lab module.
     *
     * @param path   its folder as the parent POM names it ({@code variant-x86-prefixed})
     * @param dir    its folder
     * @param design whether it registers a design (else it registers another lab service)
     */
    public record LabModule(String path, Path dir, boolean design) {
        /** Its compiled main classes. */
        public Path classes() {
            return dir.resolve("target/classes");
        }

        /** Its compiled test classes. */
        public Path testClasses() {
            return dir.resolve("target/test-classes");
        }
    }

    /** One loader per repository, scope and parent (compared by identity, as class loaders are). */
    private record LoaderKey(Path root, Scope scope, ClassLoader parent) {}

    private static final Map<LoaderKey, ClassLoader> LOADERS = new ConcurrentHashMap<>();

    private final Path root;

    private LabModules(Path root) {
        this.root = root;
    }

    /** The repository at {@code root}. */
    public static LabModules at(Path root) {
        return new LabModules(root.toAbsolutePath().normalize());
    }

    /**
     * The repository these classes were built in: {@value #ROOT_PROPERTY} if set, else the nearest
     * folder above this class's jar or class folder, else above the working folder, that holds the
     * parent POM of a kvm-accessor-lab checkout.
     *
     * @throws IllegalStateException if there is none
     */
    public static LabModules ofThisBuild() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property);
            if (!isRoot(root)) {
                throw new IllegalStateException("-D" + ROOT_PROPERTY + "=" + property + " is not a kvm-accessor-lab"
                        + " checkout (no pom.xml beside shared/spi)");
            }
            return at(root);
        }
        Path fromClasses = rootAbove(codeLocation());
        Path root = fromClasses != null ? fromClasses : rootAbove(Path.of("").toAbsolutePath());
        if (root == null) {
            throw new IllegalStateException("cannot find the kvm-accessor-lab checkout these classes were built in;"
                    + " run from inside it or set -D" + ROOT_PROPERTY + "=DIR");
        }
        return at(root);
    }

    /** The repository root. */
    public Path root() {
        return root;
    }

    /** The modules of the parent POM, in its order, as written there. */
    public List<String> modules() {
        Path pom = root.resolve("pom.xml");
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(in);
            List<String> modules = new ArrayList<>();
            for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("modules")) {
                    NodeList list = e.getElementsByTagName("module");
                    for (int i = 0; i < list.getLength(); i++) {
                        modules.add(list.item(i).getTextContent().strip());
                    }
                }
            }
            return List.copyOf(modules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(pom + " is not a readable POM: " + e.getMessage(), e);
        }
    }

    /** The modules that register a lab service in their main resources, in the parent POM's order. */
    public List<LabModule> labModules() {
        List<LabModule> found = new ArrayList<>();
        for (String module : modules()) {
            Path dir = root.resolve(module).normalize();
            Path services = dir.resolve("src/main/resources/META-INF/services");
            boolean design = Files.isRegularFile(services.resolve(DESIGN_SERVICE));
            if (design || Files.isRegularFile(services.resolve(VARIANT_SERVICE))) {
                found.add(new LabModule(module, dir, design));
            }
        }
        return List.copyOf(found);
    }

    /** The lab modules that register a design. */
    public List<LabModule> designModules() {
        return labModules().stream().filter(LabModule::design).toList();
    }

    /**
     * A class loader over the lab modules' classes, below {@code parent} (which must hold the core
     * and this SPI; the kit too for {@link Scope#WITH_DESIGN_TESTS}). One loader per repository,
     * scope and parent for the life of the JVM.
     *
     * @throws IllegalStateException naming the first lab module that has not been built
     */
    public ClassLoader classLoader(Scope scope, ClassLoader parent) {
        return LOADERS.computeIfAbsent(new LoaderKey(root, scope, parent), k -> newLoader(scope, parent));
    }

    private ClassLoader newLoader(Scope scope, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (LabModule m : labModules()) {
            if (scope == Scope.DESIGN_CLASSES && !m.design()) {
                continue;
            }
            if (!Files.isDirectory(m.classes())) {
                throw new IllegalStateException(m.path() + " is a module of the lab (pom.xml) but is not built (no "
                        + m.path() + "/target/classes); build the project first: mvn -B -q -DskipTests package");
            }
            urls.add(url(m.classes()));
            if (scope == Scope.WITH_DESIGN_TESTS && m.design() && Files.isDirectory(m.testClasses())) {
                urls.add(url(m.testClasses()));
            }
        }
        return new URLClassLoader("kvmlab-" + scope.name().toLowerCase(java.util.Locale.ROOT), urls.toArray(URL[]::new),
                parent);
    }

    /**
     * The module folder a class was loaded from: two levels above its {@code target/classes} or
     * {@code target/test-classes} (or its jar in {@code target}), or null for a class from
     * elsewhere (a jar in a Maven repository).
     */
    public static Path moduleDirOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            Path target = location.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.getParent();
            }
            return null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path codeLocation() {
        CodeSource source = LabModules.class.getProtectionDomain().getCodeSource();
        try {
            return source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path rootAbove(Path start) {
        for (Path dir = start == null ? null : start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        return null;
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("shared/spi/pom.xml"));
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(dir + ": " + e.getMessage(), e);
        }
    }
}
