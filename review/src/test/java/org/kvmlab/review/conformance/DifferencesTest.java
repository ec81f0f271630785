package org.kvmlab.review.conformance;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.Variants;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.DeclaresDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;
import org.kvmlab.conformance.suite.ScenarioCorpus;
import org.kvmlab.review.design.Lab;

/**
 * The corpus run with the kit's runner: a flag design declares nothing; a design with address
 * spaces (the build's design that declares differences) declares lines under its rules, with the
 * reasons its module gives.
 */
class DifferencesTest {
    /** The build's contestant that declares differences from the flag contract (address spaces). */
    private static VariantAdapter declaringDesign() throws Exception {
        return Lab.call(() -> Variants.contestants().stream().filter(a -> a instanceof DeclaresDifferences)
                .findFirst().orElseThrow(() -> new AssertionError("no design of the build declares differences")));
    }

    private static List<ScenarioCorpus.CorpusFile> overlayFiles() {
        return ScenarioCorpus.files().stream().filter(f -> Differences.OVERLAY.matcher(f.name()).matches()).toList();
    }

    @Test
    void flagDesign_declaresNothing_andRefusesSmramOverVideoRam() {
        Differences.Result r = Differences.of(new ReferenceAdapter(), overlayFiles());
        assertThat(r.declares()).isFalse();
        assertThat(r.files()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(0);
        assertThat(r.declared()).isEqualTo(0);
        assertThat(r.rules()).isEmpty();
        Differences.OverlayLine smram = r.overlay().stream()
                .filter(l -> l.file().equals("87-overlay-vga-smram.scn") && l.command().endsWith("smram")).findFirst().orElseThrow();
        assertThat(smram.command()).isEqualTo("region 3 0xa0000 0x20000 0x7f0000200000 smram");
        assertThat(smram.got()).isEqualTo("EEXIST");
        assertThat(smram.status()).isEqualTo("passed");
    }

    @Test
    void addressSpaces_declareTheOverlayLines_withTheAdaptersReasons() throws Exception {
        VariantAdapter design = declaringDesign();
        List<DifferenceRule> rules = ((DeclaresDifferences) design).declaredDifferences();
        Differences.Result r = Differences.of(design, overlayFiles());
        assertThat(r.declares()).isTrue();
        assertThat(r.failed()).isEqualTo(0);
        assertThat(r.declared()).isGreaterThan(0L);
        assertThat(r.rules().stream().map(Differences.Rule::name).toList())
                .containsAtLeastElementsIn(rules.stream().map(DifferenceRule::name).toList());
        assertThat(r.rules().stream().mapToLong(Differences.Rule::lines).sum()).isEqualTo(r.declared());
        Differences.Rule as1 = r.rules().stream().filter(x -> x.name().equals("as1-slot")).findFirst().orElseThrow();
        assertThat(as1.reason()).isEqualTo(rules.stream().filter(x -> x.name().equals("as1-slot")).findFirst()
                .orElseThrow().reason());
        assertThat(as1.lines()).isGreaterThan(0L);
        Differences.OverlayLine smram = r.overlay().stream()
                .filter(l -> l.file().equals("87-overlay-vga-smram.scn") && l.command().endsWith("smram")).findFirst().orElseThrow();
        assertThat(smram.got()).isEqualTo("ok");
        assertThat(smram.status()).isEqualTo("declared");
    }
}
