package org.kvmlab.review.changes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.kvmlab.review.conformance.TestRun;

/**
 * Runs a design's tests on patched classes in a fresh class loader: the patched core, SPI and kit
 * and the patched design come first, and only what they lack (JUnit, Truth, QuickTheories,
 * ArchUnit, the JDK) comes from this process. The tests run through the review's own
 * {@link TestRun}, the JUnit Platform launcher, with the fresh loader as the thread's context
 * class loader, which is where the launcher finds test classes and the kit finds its corpus and
 * its services. Nothing of one run is visible to the next, and the repository's own build is not
 * touched.
 */
public final class IsolatedKit {
    private IsolatedKit() {}

    /**
     * Runs every test class below {@code packageRoot} among {@code classes} (first entries first),
     * leaving out the tests tagged with any of {@code excludedTags}, of the classes whose names
     * match {@code classNames} (all when null).
     */
    public static TestRun.Result run(List<Path> classes, String packageRoot, Set<String> excludedTags, String classNames) {
        URL[] urls = classes.stream().map(IsolatedKit::url).toArray(URL[]::new);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (ChildFirst loader = new ChildFirst(urls, IsolatedKit.class.getClassLoader())) {
            thread.setContextClassLoader(loader);
            return TestRun.run(packageRoot, excludedTags, classNames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A loader that looks in its own folders before its parent, for classes and for resources:
     * a patched class or corpus file hides the build's copy of the same name. For a resource name
     * it holds, it returns only its own copies, so that the kit's services and corpus are never
     * read twice, once patched and once not.
     */
    static final class ChildFirst extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ChildFirst(URL[] urls, ClassLoader parent) {
            super("kvmlab-change", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> own = findResources(name);
            if (own.hasMoreElements()) {
                return own;
            }
            ClassLoader parent = getParent();
            return parent == null ? Collections.emptyEnumeration() : parent.getResources(name);
        }
    }
}
