package org.kvmlab.review.changes;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;
import org.kvmlab.spi.LabModules;

/**
 * Every change request of docs/CHANGES.md still applies to today's sources and passes, on every
 * design that carries it and on the baseline where it applies: a later edit of a design (or of the
 * core, or the kit) that breaks a change's patch fails here, naming the change, the design and
 * the hunk. The kit runs quick (no property or stress tests, which {@code ./kvmlab changes} runs);
 * results are cached by the content of every input in {@code target/changes}, which the review's
 * own run of the changes shares.
 */
class ChangePatchesApplyTest {

    @Test
    void everyChange_appliesAndPasses_onEveryDesignThatCarriesIt() {
        Path root = LabModules.ofThisBuild().root();
        List<Design> designs = Designs.discover(root);
        Design baseline = Designs.baseline(root);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ChangesReport report = new ChangeRunner(new ChangeRunner.Options(root, true, null, null, true),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run(designs, baseline);
        String log = progress.toString(StandardCharsets.UTF_8);
        assertWithMessage("the change requests of %s", ChangeRequest.SHARED_DIR).that(report.changes()).isNotEmpty();
        for (PairResult r : report.results()) {
            assertWithMessage("change %s on %s: %s\n%s", r.change(), r.design(), r.problem(), log)
                    .that(r.status().isFailure()).isFalse();
        }
        // The thread's five designs (report order 10 to 50) carry every change; a design brought
        // later may not yet, and is shown as not carried.
        for (Design design : designs) {
            if (design.module() != null && design.module().order() <= 50) {
                for (PairResult r : report.ofDesign(design.name())) {
                    assertWithMessage("change %s on %s", r.change(), r.design()).that(r.status())
                            .isEqualTo(PairResult.Status.PASSED);
                    assertWithMessage("the change's own tests on %s", r.design()).that(r.changeTests()).isGreaterThan(0);
                }
            }
        }
        if (baseline != null) {
            for (PairResult r : report.ofDesign(baseline.name())) {
                assertThat(r.status()).isAnyOf(PairResult.Status.PASSED, PairResult.Status.NOT_APPLICABLE);
            }
        }
    }
}
