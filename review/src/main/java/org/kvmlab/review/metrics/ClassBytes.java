package org.kvmlab.review.metrics;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kvmlab.conformance.architecture.DesignArchitecture;

/**
 * The compiled classes of a design's main code, as the review's class path holds them: the same
 * classes ArchUnit imports for the design's rules ({@code ROOT.virt} and {@code ROOT.arch}), read
 * back as class-file bytes for ASM.
 */
public final class ClassBytes {
    private ClassBytes() {}

    /** One class file. */
    public record ClassFile(String name, byte[] bytes) {}

    /** The class files of the design rooted at {@code packageRoot}, by name. */
    public static List<ClassFile> ofDesign(String packageRoot) {
        return of(DesignArchitecture.importDesign(packageRoot));
    }

    /** The class files ArchUnit imported. */
    public static List<ClassFile> of(JavaClasses classes) {
        List<ClassFile> files = new ArrayList<>();
        for (JavaClass c : classes) {
            Source source = c.getSource().orElse(null);
            if (source == null) {
                continue;
            }
            try (InputStream in = source.getUri().toURL().openStream()) {
                files.add(new ClassFile(c.getName(), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source.getUri(), e);
            }
        }
        files.sort(Comparator.comparing(ClassFile::name));
        return files;
    }
}
