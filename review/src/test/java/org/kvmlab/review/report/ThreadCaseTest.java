package org.kvmlab.review.report;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.bench.Performance;

/** A design's case as its module states it: the format, its errors, and a measure the review lacks. */
class ThreadCaseTest {

    @Test
    void parse_readsTheThreadAndEachClaim_joiningContinuationLines() {
        ThreadCase c = ThreadCase.parse("t.txt", """
                # a comment
                thread: What the thread
                  said.
                for less-duplication-than x86-prefixed: Little is
                  duplicated.

                against largest-patch: A large change.
                """);
        assertThat(c.thread()).isEqualTo("What the thread said.");
        assertThat(c.claims()).containsExactly(
                new ThreadCase.Claim("for", "less-duplication-than", "x86-prefixed", "Little is duplicated."),
                new ThreadCase.Claim("against", "largest-patch", null, "A large change.")).inOrder();
    }

    @Test
    void parse_namesTheFileAndLineOfWhatIsWrong() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> ThreadCase.parse("t.txt", "thread: x\nbeside it\n")))
                .hasMessageThat().isEqualTo("t.txt:2: expected \"thread: TEXT\", \"for MEASURE: CLAIM\" or"
                        + " \"against MEASURE: CLAIM\"");
        assertThat(assertThrows(IllegalArgumentException.class, () -> ThreadCase.parse("t.txt", "thread: x\nmaybe big: y\n")))
                .hasMessageThat().startsWith("t.txt:2: expected \"for MEASURE: CLAIM\"");
        assertThat(assertThrows(IllegalArgumentException.class, () -> ThreadCase.parse("t.txt", "  stray\n")))
                .hasMessageThat().startsWith("t.txt:1: an indented line continues an entry");
        assertThat(assertThrows(IllegalArgumentException.class, () -> ThreadCase.parse("t.txt", "for small-patch: y\n")))
                .hasMessageThat().startsWith("t.txt:1: expected a \"thread:\" entry");
        assertThat(assertThrows(IllegalArgumentException.class, () -> ThreadCase.parse("t.txt", "thread:\n")))
                .hasMessageThat().isEqualTo("t.txt:1: expected text after \"thread:\"");
    }

    @Test
    void aClaimNamingNoMeasure_isShownUnmeasured_withTheMeasuresThereAre() {
        ThreadCase c = ThreadCase.parse("t.txt", "thread: x\nfor fastest-ever: It is fast.\n");
        ReviewData d = new ReviewData("now", true, List.of("mine"), null, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), Performance.notMeasured("test"), List.of(),
                new Argument.LaterFacts("", List.of(), "", List.of()), List.of());
        Argument.Point p = Argument.cases(d, java.util.Map.of("mine", c)).getFirst().points().getFirst();
        assertThat(p.verdict()).isEqualTo(Argument.NOT_MEASURED);
        assertThat(p.measurement()).startsWith("the review has no measure named fastest-ever (it has: ");
        assertThat(p.measurement()).contains("largest-patch");
    }

    @Test
    void aDesignWithoutACase_isOneTheThreadDidNotDiscuss() {
        ReviewData d = new ReviewData("now", true, List.of("newcomer"), null, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), Performance.notMeasured("test"), List.of(),
                new Argument.LaterFacts("", List.of(), "", List.of()), List.of());
        Argument.DesignCase c = Argument.cases(d, java.util.Map.of()).getFirst();
        assertThat(c.thread()).isEqualTo(ThreadCase.NOT_IN_THE_THREAD.thread());
        assertThat(c.points()).isEmpty();
    }
}
