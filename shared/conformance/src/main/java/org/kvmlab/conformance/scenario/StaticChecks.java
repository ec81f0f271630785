package org.kvmlab.conformance.scenario;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The static checks of SCENARIOS.md section 1, made in file order: what a line refers to (a vCPU,
 * its CR3, a cache name) must be set up by an earlier line, and {@code vm} must come first. They
 * look only at the text, not at results: a {@code cr3} line that will fail still counts.
 */
final class StaticChecks {
    private boolean sawCommand;
    private final BitSet vcpus = new BitSet();
    private final BitSet vcpusWithCr3 = new BitSet();
    private final Set<String> cacheNames = new HashSet<>();

    /** Checks {@code command} against the lines before it, then records what it sets up. */
    void check(Command command) throws ParseFailure {
        if (command instanceof Command.Vm && sawCommand) {
            throw new ParseFailure("expected vm user_slots=N only as the first command, got it after another command");
        }
        sawCommand = true;
        if (command instanceof Command.Contextual contextual && contextual.ctx() instanceof Ctx.OnVcpu(int id)) {
            requireVcpu(id, "vcpu" + id);
        }
        switch (command) {
            case Command.CreateVcpu(int id, var _) -> vcpus.set(id);
            case Command.Cr3(int id, long _) -> {
                requireVcpu(id, "cr3 " + id);
                vcpusWithCr3.set(id);
            }
            case Command.ReadVirt(int id, long _, int _) -> requireCr3(id);
            case Command.WriteVirt(int id, long _, Data _) -> requireCr3(id);
            case Command.Cache(String name, Ctx _, long _, int _) -> cacheNames.add(name);
            case Command.ReadCached(String name, int _) -> requireCache(name);
            case Command.WriteCached(String name, Data _) -> requireCache(name);
            default -> {
            }
        }
    }

    private void requireVcpu(int id, String found) throws ParseFailure {
        if (!vcpus.get(id)) {
            throw ParseFailure.expected("a vCPU that an earlier vcpu line created", found
                    + " (no earlier vcpu " + id + ")");
        }
    }

    private void requireCr3(int id) throws ParseFailure {
        requireVcpu(id, "vCPU " + id);
        if (!vcpusWithCr3.get(id)) {
            throw ParseFailure.expected("an earlier cr3 line for vCPU " + id, "none");
        }
    }

    private void requireCache(String name) throws ParseFailure {
        if (!cacheNames.contains(name)) {
            throw ParseFailure.expected("a NAME that an earlier cache line bound", name);
        }
    }
}
