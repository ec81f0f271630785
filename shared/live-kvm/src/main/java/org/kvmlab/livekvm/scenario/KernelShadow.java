package org.kvmlab.livekvm.scenario;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.conformance.reference.ReferenceAdapter;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.conformance.scenario.ScenarioSession;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.memslot.InstallHook;

/**
 * The contract run on the kernel's state: the kit's reference model (flag mode) with the kernel's
 * slot count, fed each line the way the kernel took it, so that its state follows the kernel's
 * rather than the contract's. A region the kernel refused never reaches it, a vCPU never enters
 * SMM, a CR3 is what the kernel holds, and after each line that ran a guest its memory is made
 * the kernel's memory, byte for byte.
 *
 * <p>Its answer to a line is what the contract says in the state the kernel is actually in: where
 * the kernel gives that answer and the contract's own differs, the difference is not this line's
 * but follows from an earlier one (a follow-on). The shadow keeps the lines it was fed, so that it
 * can be rebuilt when a line turns out to have changed the kernel differently; when it cannot be
 * made to follow the kernel (the kernel took a change the contract refuses), it is lost, and no
 * later line is taken for a follow-on.
 */
final class KernelShadow {
    private final Scenario scenario;
    private final VariantAdapter adapter;
    private final List<Command> fed = new ArrayList<>();
    private ScenarioSession session;
    private boolean lost;
    private boolean rebuilt;

    KernelShadow(Scenario scenario, int kernelSlots) {
        this.scenario = scenario;
        ReferenceAdapter reference = new ReferenceAdapter();
        int slots = (int) Math.min(kernelSlots, Scenario.MAX_USER_SLOTS);
        this.adapter = new VariantAdapter() {
            @Override
            public String name() {
                return "reference on the kernel's state";
            }

            @Override
            public GuestVm createVm(int ignored, InstallHook hook) {
                return reference.createVm(slots, hook);
            }
        };
        this.session = new ScenarioSession(adapter, scenario);
    }

    /** Whether the shadow no longer follows the kernel. */
    boolean lost() {
        return lost;
    }

    /** The shadow's VM. */
    GuestVm vm() {
        return session.vm();
    }

    /** Runs a line on the shadow and keeps it. */
    Outcome run(Command command) {
        fed.add(command);
        return session.run(command);
    }

    /** Takes back the last line run: the kernel did not change its state the way the contract did. */
    void undoLast() {
        fed.removeLast();
        session = new ScenarioSession(adapter, scenario);
        for (Command command : fed) {
            session.run(command);
        }
        rebuilt = true;
    }

    /** Whether the shadow was rebuilt since the last call, so that its memory must be made the kernel's again. */
    boolean takeRebuilt() {
        boolean was = rebuilt;
        rebuilt = false;
        return was;
    }

    /** Gives up following the kernel. */
    void lose() {
        lost = true;
    }

    /**
     * Makes the shadow's bytes at {@code [hva, hva + len)} the kernel's, for memory both map
     * writable.
     *
     * @return whether anything changed
     */
    boolean syncBytes(long hva, MemorySegment kernel) {
        HostMemory mm = session.vm().kvm().mm();
        byte[] mine = new byte[(int) kernel.byteSize()];
        mm.copyFromUser(MemorySegment.ofArray(mine), 0, hva, mine.length);
        if (MemorySegment.ofArray(mine).mismatch(kernel) < 0) {
            return false;
        }
        mm.copyToUser(hva, kernel, 0, kernel.byteSize());
        return true;
    }

    /** The shadow's bytes at {@code [hva, hva + len)}. */
    byte[] bytes(long hva, int len) {
        byte[] mine = new byte[len];
        session.vm().kvm().mm().copyFromUser(MemorySegment.ofArray(mine), 0, hva, len);
        return mine;
    }
}
