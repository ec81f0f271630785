package org.kvmlab.spi;

import java.net.URL;
import org.kvmlab.core.kvm.Kvm;

/**
 * What a design module gives the lab: the one service every design registers, in
 * {@code src/main/resources/META-INF/services/org.kvmlab.spi.DesignModule}, so that the kit, the
 * bench and the review find it at run time (see {@link LabModules}). Nothing in the lab lists
 * designs by name; everything a design is to the lab is here or in its module.
 *
 * <p>The implementation lives in the design's adapter package, {@code ROOT.adapter} beside
 * {@code ROOT.virt} and {@code ROOT.arch}, next to the design's {@link DesignAccessors} and its
 * case in the 2015 thread ({@link #threadCase()}). Its methods are cheap and side-effect free;
 * {@link #accessors} is called in set-up, never on a measured path.
 */
public interface DesignModule {
    /** The name of the adapter package below the design's package root. */
    String ADAPTER_PACKAGE = "adapter";

    /**
     * The design's name: its module folder without {@code variant-} ({@code x86-prefixed}), lower
     * case letters and digits in dash-separated words (see {@link DesignModules#NAME}).
     */
    String name();

    /** What the design is to the lab: a contestant, the baseline, or a reference. */
    Role role();

    /**
     * Where the design sorts in every report and listing, lowest first, ties by name: the five
     * designs of the thread use its order (10 to 50: x86-prefixed, macro-generic, vcpu-accessors,
     * fake-vcpu, address-spaces), the baseline 0; a design brought later picks its place (the
     * scaffold gives 100, after the thread's).
     */
    int order();

    /** How the design lays SMRAM out in memslots, which fixes the VM it runs on. */
    SlotModel slotModel();

    /**
     * The design's accessors for {@code kvm}, a VM made with {@link SlotModel#config}. With
     * {@code null} they hand {@code null} to the design wherever it takes its VM-level handle, so
     * that the kit can check that every accessor refuses it (DESIGN.md rule 4); making them must
     * not fail then.
     */
    DesignAccessors accessors(Kvm kvm);

    /**
     * The design's package root ({@code org.kvmlab.x86prefixed}): the package of this class without
     * its final {@code .adapter}. Its {@code virt} and {@code arch} packages are the design's code,
     * the part the review measures.
     */
    default String packageRoot() {
        String pkg = getClass().getPackageName();
        String suffix = "." + ADAPTER_PACKAGE;
        if (!pkg.endsWith(suffix)) {
            throw new IllegalStateException(getClass().getName() + " is not in an adapter package (ROOT" + suffix
                    + "), so its design's package root is unknown");
        }
        return pkg.substring(0, pkg.length() - suffix.length());
    }

    /**
     * The design's case in the 2015 thread, as the review reads it: the resource
     * {@code thread-case.txt} beside this class (what the thread said, then each point for and
     * against with the measure that judges it), or null when there is none.
     */
    default URL threadCase() {
        return getClass().getResource("thread-case.txt");
    }
}
