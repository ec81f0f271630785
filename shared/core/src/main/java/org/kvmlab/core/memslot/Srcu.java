package org.kvmlab.core.memslot;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code kvm->srcu}: lets a memslot update wait until no reader can still be using the set it
 * replaced. As in the kernel, the accessors do not take it themselves: their callers (a vCPU's run
 * loop, an ioctl) hold a read-side section around the accesses, and
 * {@code KVM_SET_USER_MEMORY_REGION} waits for a grace period after each install, so that once a
 * delete has returned no access can still go through the deleted slot.
 *
 * <p>Two reader counters, one per phase. A reader counts itself in the current phase before it
 * reads the memslot pointer; {@link #synchronize()} flips the phase and waits for the old phase's
 * count to drain. The counters are sequentially consistent atomics: a reader that counted itself
 * after the flip was checked also loaded the memslot pointer after the new set was published.
 * A reader must not update memslots inside its own section (the kernel forbids it too: it would
 * wait for itself).
 */
public final class Srcu {
    private final AtomicInteger phase = new AtomicInteger();
    private final AtomicLongArray readers = new AtomicLongArray(2);

    /** {@code srcu_read_lock}: enters a read-side section; pass the result to {@link #readUnlock}. */
    public int readLock() {
        while (true) {
            int idx = phase.get() & 1;
            readers.incrementAndGet(idx);
            if ((phase.get() & 1) == idx) {
                return idx;
            }
            // The phase flipped between the two reads; count ourselves in the new one instead.
            readers.decrementAndGet(idx);
        }
    }

    /** {@code srcu_read_unlock}: leaves the section entered with {@code idx}. */
    public void readUnlock(int idx) {
        if (idx != 0 && idx != 1) {
            throw new IllegalArgumentException("srcu index " + idx + " is not 0 or 1");
        }
        readers.decrementAndGet(idx);
    }

    /** {@code synchronize_srcu}: returns once every section that began before the call has ended. */
    public synchronized void synchronize() {
        int old = phase.getAndIncrement() & 1;
        while (readers.get(old) != 0) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
