package org.kvmlab.review.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kvmlab.review.Review;
import org.kvmlab.review.design.Lab;
import org.kvmlab.review.scaffold.NewDesign;
import org.kvmlab.spi.LabModules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kvmlab new-design NAME}: a design module of one's own, made from the neutral baseline and
 * added to the build; the other commands find it from then on.
 */
@Command(name = "new-design",
        mixinStandardHelpOptions = true,
        description = {
            "Creates variant-NAME, a design of your own, from the neutral baseline (Linux 4.1's accessors)",
            "and adds it to pom.xml's <modules>; the kit, the bench and the review find it from then on.",
            "It builds as it is and fails DESIGN.md rule 2 until its vCPU-level accessors hide SMRAM.",
            "Exit status: 0 created, 2 a bad or taken NAME or a failure to write (nothing is left half made)."})
final class NewDesignCli implements Callable<Integer> {
    private final Console console;

    @Parameters(paramLabel = "NAME", description = "lower-case letters and digits in dash-separated words,"
            + " such as my-design (at most " + NewDesign.MAX_NAME + " characters)")
    String name;

    NewDesignCli(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        NewDesign.Created created;
        try {
            Path root = LabModules.ofThisBuild().root();
            created = Lab.call(() -> NewDesign.create(root, name));
        } catch (NewDesign.Refused | IllegalStateException e) {
            console.err().println("kvmlab new-design: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            console.err().println("kvmlab new-design: cannot write the module: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            console.err().println("kvmlab new-design: failed, nothing written: " + e);
            return 2;
        }
        String module = Review.shown(created.module());
        String code = module + "/src/main/java/" + NewDesign.packageOf(created.name()).replace('.', '/');
        console.out().println("Created " + module + " from " + created.from() + " (" + created.files().size()
                + " files) and added it to pom.xml's <modules>.");
        console.out().println("It builds as it is and fails DESIGN.md rule 2 (SMRAM visibility) until its vCPU-level"
                + " accessors hide SMRAM.");
        console.out().println("Next:");
        console.out().println("  edit    " + code + "/virt/kvm/KvmGuestMemory.java (the design's accessors)");
        console.out().println("  edit    " + code + "/adapter/" + NewDesign.classPrefixOf(created.name())
                + "Accessors.java (what the lab calls)");
        console.out().println("  try     ./kvmlab scenario --variant " + created.name()
                + " shared/conformance/src/main/resources/scenarios");
        console.out().println("  test    mvn -B -q verify -pl " + module + " -am -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dtest='" + NewDesign.packageOf(created.name()) + ".**'");
        console.out().println("  compare ./kvmlab review --quick --no-bench");
        console.out().flush();
        return 0;
    }
}
