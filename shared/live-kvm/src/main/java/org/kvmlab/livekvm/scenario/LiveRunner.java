package org.kvmlab.livekvm.scenario;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioLine;
import org.kvmlab.conformance.scenario.ScenarioSession;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.host.OwnedMappings;

/**
 * Runs a scenario on the live kernel and judges each line against the 2015 contract. Three runs
 * go side by side: the kernel ({@link LiveSession}), the contract (the reference model's flag
 * mode) and the contract on the kernel's state ({@link KernelShadow}). A line
 *
 * <ol>
 *   <li>is <em>not mappable</em> when it has no path into the kernel, or when the contract calls it
 *       a host programming error (the kernel has no such check);</li>
 *   <li>is <em>agreeing</em> when the kernel gives what the line expects;</li>
 *   <li>is <em>declared</em> when a rule that applies to this kernel explains the difference
 *       ({@link LiveRules});</li>
 *   <li>is a <em>follow-on</em> when the kernel gives what the contract gives in the kernel's own
 *       state, and that state parted from the contract's on an earlier line (a declared or
 *       unmappable line that changed state, or a line whose effect on memory differed);</li>
 *   <li>else <em>fails</em>.</li>
 * </ol>
 */
public final class LiveRunner {
    private LiveRunner() {}

    /** Runs {@code scenario} on the kernel {@code kernel} opened. */
    public static LiveFileRun run(Scenario scenario, LiveKernel kernel) {
        List<LiveRule> rules = LiveRules.applying(kernel.facts());
        ScenarioSession contract = new ScenarioSession(new ReferenceAdapter(), scenario);
        KernelShadow shadow = new KernelShadow(scenario, kernel.facts().userMemSlots());
        List<LiveVerdict> verdicts = new ArrayList<>(scenario.lines().size());
        try (LiveSession live = new LiveSession(kernel.system(), kernel.facts(), kernel.cpuid(), scenario)) {
            KernelTrace trace = new KernelTrace(live.vm());
            List<Integer> parted = new ArrayList<>();
            for (ScenarioLine line : scenario.lines()) {
                Command command = line.command();
                Outcome f = contract.run(command);
                if (f instanceof Outcome.HostError) {
                    // Refused before anything is touched: no state moves, on either side.
                    verdicts.add(notMappable(line, f, new LiveResult.NotMappable(Unmappable.HOST_ERROR)));
                    continue;
                }
                switch (live.run(command)) {
                    case LiveResult.NotMappable n -> {
                        Command effect = effectWithoutKernel(command, n);
                        if (effect != null && !shadow.lost()) {
                            shadow.run(effect);
                        }
                        if (changesState(command)) {
                            parted.add(line.number());
                        }
                        verdicts.add(notMappable(line, f, n));
                    }
                    case LiveResult.Ran(Outcome v) -> {
                        Outcome k = followKernel(shadow, command, v);
                        if (shadow.takeRebuilt() && !shadow.lost()) {
                            syncMemory(live.vm(), shadow, null, false);
                        }
                        boolean effectParted = ranGuest(command) && !shadow.lost()
                                && syncMemory(live.vm(), shadow, trace, walks(command));
                        LiveVerdict verdict = judge(line, v, f, k, scenario.userSlots(), rules, kernel, trace, parted);
                        verdicts.add(verdict);
                        if (effectParted || verdict.status() != LiveVerdict.Status.AGREEING && changesState(command)) {
                            parted.add(line.number());
                        }
                        if (command instanceof Command.DirtyLog(int slot) && v instanceof Outcome.OkPages) {
                            trace.logCollected(slot & 0xffff);
                        }
                    }
                }
            }
        }
        return new LiveFileRun(scenario, verdicts);
    }

    private static LiveVerdict judge(ScenarioLine line, Outcome v, Outcome f, Outcome k, int userSlots,
                                     List<LiveRule> rules, LiveKernel kernel, KernelTrace trace, List<Integer> parted) {
        if (line.expectation().matches(v)) {
            return new LiveVerdict(line, LiveVerdict.Status.AGREEING, v, f, null, List.of(), null, null);
        }
        LiveRule.Line seen = new LiveRule.Line(line, v, f, k, userSlots, kernel.facts(), trace);
        for (LiveRule rule : rules) {
            if (rule.covers().covers(seen)) {
                return new LiveVerdict(line, LiveVerdict.Status.DECLARED, v, f, rule.name(), List.of(), null, null);
            }
        }
        if (!parted.isEmpty() && k != null && Outcome.sameResult(v, k)) {
            return new LiveVerdict(line, LiveVerdict.Status.FOLLOW_ON, v, f, null, parted, null, null);
        }
        return new LiveVerdict(line, LiveVerdict.Status.FAILED, v, f, null, List.of(), null, null);
    }

    private static LiveVerdict notMappable(ScenarioLine line, Outcome f, LiveResult.NotMappable n) {
        return new LiveVerdict(line, LiveVerdict.Status.NOT_MAPPABLE, null, f, null, List.of(), n.why(), n.detail());
    }

    /**
     * Feeds the line to the shadow as the kernel took it, and returns the shadow's answer (null once
     * the shadow is lost). A change the kernel refused and the shadow took is taken back; a change
     * the kernel took and the shadow refused loses the shadow, except an unaligned CR3, which the
     * shadow then gets as the page the kernel walks from.
     */
    private static Outcome followKernel(KernelShadow shadow, Command command, Outcome v) {
        if (shadow.lost()) {
            return null;
        }
        Outcome k = shadow.run(command);
        if (Outcome.sameResult(v, k) || !(setUp(command) || command instanceof Command.Cr3)) {
            return k;
        }
        if (v instanceof Outcome.Errno && k instanceof Outcome.Ok) {
            shadow.undoLast();
        } else if (v instanceof Outcome.Ok && command instanceof Command.Cr3(int id, long gpa)
                && (gpa & 0xfff) != 0) {
            shadow.run(new Command.Cr3(id, gpa & ~0xfffL));
        } else if (v instanceof Outcome.Ok) {
            shadow.lose();
        }
        return k;
    }

    /** What the kernel did of a line it could not run as written: a vCPU created outside SMM, a run's own pages unmapped. */
    private static Command effectWithoutKernel(Command command, LiveResult.NotMappable n) {
        return switch (command) {
            case Command.CreateVcpu(int id, var smm) -> new Command.CreateVcpu(id, Command.SmmSwitch.KEEP);
            case Command.Munmap m when n.why() == Unmappable.FOREIGN_MEMORY -> m;
            default -> null;
        };
    }

    /** Set-up commands: their effect is all-or-nothing, so a differing answer means a differing state. */
    private static boolean setUp(Command command) {
        return command instanceof Command.Region || command instanceof Command.Mmap || command instanceof Command.Munmap
                || command instanceof Command.Mprotect;
    }

    /** Whether the line can change the VM's or the host's state (anything but a pure query). */
    private static boolean changesState(Command command) {
        return !(command instanceof Command.Read || command instanceof Command.ReadPage
                || command instanceof Command.ReadAtomic || command instanceof Command.Hva
                || command instanceof Command.HvaProt || command instanceof Command.Visible
                || command instanceof Command.Memslot || command instanceof Command.ReadCached
                || command instanceof Command.ReadVirt || command instanceof Command.DirtyLog);
    }

    /** Lines that ran the harness guest in a way that can change guest memory (a walk sets A/D bits). */
    private static boolean ranGuest(Command command) {
        return command instanceof Command.Write || command instanceof Command.Clear
                || command instanceof Command.WritePage || command instanceof Command.ClearPage
                || walks(command);
    }

    private static boolean walks(Command command) {
        return command instanceof Command.ReadVirt || command instanceof Command.WriteVirt;
    }

    /**
     * Makes the shadow's memory the kernel's, page by page, over every slot's host memory that the
     * run mapped writable (the only memory a guest can change). Differences that are only A and D
     * bits set by this line's walk are recorded in the trace; any other means the line's effect
     * differed from the contract's.
     *
     * @param trace where the walker's writes go; null to copy without looking (after a rebuild)
     * @return whether a difference other than the walker's was found
     */
    private static boolean syncMemory(LiveVm vm, KernelShadow shadow, KernelTrace trace, boolean walked) {
        boolean parted = false;
        Set<Long> seen = new HashSet<>();
        for (LiveVm.Slot slot : vm.slots()) {
            long end = slot.hva() + slot.size();
            for (OwnedMappings.Owned owned : vm.host().owned().overlapping(slot.hva(), end)) {
                if (owned.prot() != Prot.RW) {
                    continue;
                }
                for (long page = Math.max(owned.start(), slot.hva()); page < Math.min(owned.end(), end); page += 4096) {
                    if (!seen.add(page)) {
                        continue;
                    }
                    MemorySegment kernel = MemorySegment.ofAddress(page).reinterpret(4096);
                    MemorySegment mine = MemorySegment.ofArray(shadow.bytes(page, 4096));
                    if (mine.mismatch(kernel) < 0) {
                        continue;
                    }
                    for (long q = 0; q < 4096 && trace != null; q += 8) {
                        long a = kernel.get(JAVA_LONG_UNALIGNED, q);
                        long x = a ^ mine.get(JAVA_LONG_UNALIGNED, q);
                        if (x == 0) {
                            continue;
                        }
                        if (walked && (x & ~KernelTrace.ACCESSED_DIRTY) == 0 && (a & x) == x) {
                            trace.walkerWrote(page + q);
                        } else {
                            parted = true;
                        }
                    }
                    shadow.syncBytes(page, kernel);
                }
            }
        }
        return parted;
    }
}
