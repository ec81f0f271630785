package org.kvmlab.conformance.scenario;

import java.util.List;

/**
 * The result of one line, as SCENARIOS.md sections 3 and 4 list results: what a line written
 * after {@code =>} states, and what running the line on a design gave. Two outcomes are the same
 * result exactly when they are equal; {@link Canonical} prints them.
 */
public sealed interface Outcome {
    /** {@code ok} on a command with no payload. */
    Ok OK = new Ok();

    /**
     * Whether two results are the same (SCENARIOS.md section 6): equal canonical forms, a read's
     * buffer included, an error's message ignored; a crash is never the same as anything.
     */
    static boolean sameResult(Outcome a, Outcome b) {
        if (a instanceof Crashed || b instanceof Crashed) {
            return false;
        }
        if (a instanceof HostError && b instanceof HostError) {
            return true;
        }
        return a.equals(b);
    }

    /** {@code ok}. */
    record Ok() implements Outcome {}

    /** {@code ok DATA}, or {@code ok} alone for zero bytes, on a command that reads. */
    record OkData(Data data) implements Outcome {}

    /** {@code ok PAGE ...} of {@code dirtylog}: slot-relative page numbers, ascending. */
    record OkPages(List<Long> pages) implements Outcome {
        public OkPages {
            pages = List.copyOf(pages);
        }
    }

    /** An errno result ({@code EINVAL}, {@code EFAULT}, ...): the positive errno value. */
    record Errno(int errno) implements Outcome {}

    /**
     * {@code EFAULT} of a {@code read}, with its destination buffer as the call left it; it equals
     * a stated {@code EFAULT DATA} when the buffer is that DATA.
     */
    record ReadFault(Data buffer) implements Outcome {}

    /** {@code hva HVA} of {@code hva}. */
    record HvaIs(long hva) implements Outcome {}

    /** {@code hva HVA rw} or {@code hva HVA ro} of {@code hvaprot}. */
    record HvaProtIs(long hva, boolean writable) implements Outcome {}

    /** {@code bad}: {@code KVM_HVA_ERR_BAD}. */
    record Bad() implements Outcome {}

    /** {@code robad}: {@code KVM_HVA_ERR_RO_BAD}. */
    record RoBad() implements Outcome {}

    /** {@code yes} or {@code no} of {@code visible}. */
    record VisibleIs(boolean visible) implements Outcome {}

    /** {@code slot ID} of {@code memslot}: the slot's {@code id()}. */
    record SlotIs(long id) implements Outcome {}

    /** {@code none} of {@code memslot}. */
    record NoSlot() implements Outcome {}

    /** {@code pf ERR GVA}: a page fault of {@code readvirt} or {@code writevirt}. */
    record PageFault(long errorCode, long gva) implements Outcome {}

    /** {@code gp}: a general-protection fault (a non-canonical address). */
    record GeneralProtection() implements Outcome {}

    /**
     * {@code error}: an {@link IllegalArgumentException}, a host programming error. Stated, it
     * matches any message; {@code message} is null there and wherever the exception had none.
     */
    record HostError(String message) implements Outcome {}

    /**
     * A result outside the contract (an errno-less return value, an exception vector other than
     * #PF and #GP), described in canonical words; it can never be stated, so it always fails.
     */
    record Unlisted(String description) implements Outcome {}

    /** A {@link Throwable} other than {@link IllegalArgumentException}: always a failure. */
    record Crashed(Throwable thrown) implements Outcome {}
}
