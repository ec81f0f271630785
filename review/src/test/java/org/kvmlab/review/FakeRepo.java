package org.kvmlab.review;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.kvmlab.review.design.Design;

/**
 * The small fake repository in the test resources: a baseline module, a design that copies its
 * loop ({@code x86-prefixed}, the copies) and a design named {@code tiny}.
 */
public final class FakeRepo {
    private FakeRepo() {}

    public static Path root() {
        try {
            return Path.of(FakeRepo.class.getResource("/fake-repo/pom.xml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fake baseline module: the generic layer the designs change. */
    public static Design baseline() {
        return new Design("baseline-linux41", "org.kvmlab.baseline", root().resolve("baseline-linux41"), null);
    }

    /** The fake design that keeps the generic layer and copies its loop into arch code. */
    public static Design copies() {
        return Design.byConvention(root(), "x86-prefixed", null);
    }

    public static Design tiny() {
        return Design.byConvention(root(), "tiny", null);
    }

    /** A resource file's path. */
    public static Path resource(String name) {
        try {
            return Path.of(FakeRepo.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
