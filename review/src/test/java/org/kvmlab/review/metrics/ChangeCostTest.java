package org.kvmlab.review.metrics;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a change cost, on two small designs: lines, functions, generic code, and the copies left to check. */
class ChangeCostTest {
    /** One page loop in the generic package, and a small helper. */
    private static final String LOOPS = """
            package p.virt;

            public final class Loops {
                public static int readGuest(long gpa, byte[] data, int len) {
                    int offset = (int) (gpa & 4095);
                    long gfn = gpa >>> 12;
                    int done = 0;
                    while (done < len) {
                        int seg = Math.min(len - done, 4096 - offset);
                        int ret = readPage(gfn, data, done, offset, seg);
                        if (ret < 0) {
                            return ret;
                        }
                        offset = 0;
                        done += seg;
                        gfn++;
                    }
                    return 0;
                }

                public static int readPage(long gfn, byte[] data, int at, int offset, int len) {
                    return 0;
                }
            }
            """;

    /** The same loop copied into arch code under other names, as the x86 copies are. */
    private static final String COPIES = """
            package p.arch;

            import p.virt.Loops;

            final class Copies {
                static int x86ReadGuest(long gpa, byte[] buffer, int length) {
                    int offset = (int) (gpa & 4095);
                    long frame = gpa >>> 12;
                    int done = 0;
                    while (done < length) {
                        int seg = Math.min(length - done, 4096 - offset);
                        int ret = Loops.readPage(frame, buffer, done, offset, seg);
                        if (ret < 0) {
                            return ret;
                        }
                        offset = 0;
                        done += seg;
                        frame++;
                    }
                    return 0;
                }
            }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String loops) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("virt"));
        Files.createDirectories(root.resolve("arch"));
        Files.writeString(root.resolve("virt/Loops.java"), loops);
        Files.writeString(root.resolve("arch/Copies.java"), COPIES);
        return root;
    }

    @Test
    void fixingOneCopy_touchesOneFunction_andLeavesItsCopyToCheck() throws IOException {
        Path before = write("before", LOOPS);
        Path after = write("after", LOOPS.replaceFirst("            if \\(ret < 0\\) \\{\n",
                "            if (ret < 0 || seg == 0) {\n"));
        ChangeCost cost = ChangeCost.of(before, after);
        assertThat(cost.codeAdded()).isEqualTo(1);
        assertThat(cost.codeRemoved()).isEqualTo(1);
        assertThat(cost.generic()).isTrue();
        assertThat(cost.functions()).containsExactly("virt/Loops.java: Loops.readGuest(long, byte[], int)");
        assertThat(cost.untouchedCopies()).containsExactly("arch/Copies.java: Copies.x86ReadGuest(long, byte[], int)");
        assertThat(cost.places()).hasSize(2);
        assertThat(cost.copiedTouched()).containsExactly("virt/Loops.java: Loops.readGuest(long, byte[], int)");
    }

    @Test
    void aCommentOnly_touchesNoFunction() throws IOException {
        Path before = write("before", LOOPS);
        Path after = write("after", LOOPS.replace("    public static int readPage(", "    // one page\n    public static int readPage("));
        ChangeCost cost = ChangeCost.of(before, after);
        assertThat(cost.code()).isEqualTo(0);
        assertThat(cost.commentAdded()).isEqualTo(1);
        assertThat(cost.functions()).isEmpty();
        assertThat(cost.places()).isEmpty();
    }

    @Test
    void aFunctionWithoutCopies_isTheOnePlaceToCheck() throws IOException {
        Path before = write("before", LOOPS);
        Path after = write("after", LOOPS.replace("        return 0;\n    }\n}", "        return len;\n    }\n}"));
        ChangeCost cost = ChangeCost.of(before, after);
        assertThat(cost.functions()).containsExactly("virt/Loops.java: Loops.readPage(long, byte[], int, int, int)");
        assertThat(cost.places()).containsExactlyElementsIn(cost.functions());
        assertThat(cost.untouchedCopies()).isEmpty();
    }
}
