package org.kvmlab.conformance.docs;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every main package of every module says, in a {@code package-info.java} with a Javadoc comment,
 * what it is and which kernel file or concept it mirrors, so that a reader who opens a folder
 * finds its purpose first.
 */
class PackageDocumentationTest {
    @Test
    void everyMainPackage_hasPackageDocumentation() throws IOException {
        Path root = Repository.root();
        Set<Path> packages = new TreeSet<>();
        for (Path file : Repository.textFiles(root)) {
            if (file.toString().endsWith(".java") && isMainSource(file)) {
                packages.add(file.getParent());
            }
        }
        List<String> undocumented = new ArrayList<>();
        for (Path dir : packages) {
            Path info = root.resolve(dir).resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                undocumented.add(dir + ": no package-info.java");
            } else if (!Files.readString(info, StandardCharsets.UTF_8).contains("/**")) {
                undocumented.add(dir + ": package-info.java has no Javadoc comment");
            }
        }
        assertWithMessage("main packages without documentation (write a package-info.java that says what the"
                + " package is and which kernel file or concept it mirrors)").that(undocumented).isEmpty();
        assertThat(packages.size()).isAtLeast(20);
    }

    /** A file below a module's {@code src/main/java}, not a copy of one in some test's resources. */
    private static boolean isMainSource(Path file) {
        String path = file.toString().replace('\\', '/');
        int main = path.indexOf("/src/main/java/");
        return main > 0 && !path.substring(0, main).contains("/src/");
    }
}
