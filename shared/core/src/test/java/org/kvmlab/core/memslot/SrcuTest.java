package org.kvmlab.core.memslot;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.kvm.Kvm;

/**
 * The grace period of {@code kvm->srcu} (DESIGN.md section 3, concurrency): an update waits for
 * the readers that may still use the set it replaced, and for no one else.
 */
class SrcuTest {

    @Test
    void synchronize_waitsForASectionThatBeganBeforeIt() throws InterruptedException {
        Srcu srcu = new Srcu();
        int idx = srcu.readLock();
        Thread updater = Thread.ofPlatform().start(srcu::synchronize);
        updater.join(200);
        assertThat(updater.isAlive()).isTrue();
        srcu.readUnlock(idx);
        updater.join(10_000);
        assertThat(updater.isAlive()).isFalse();
    }

    @Test
    void synchronize_withNoReaders_returns() {
        Srcu srcu = new Srcu();
        srcu.synchronize();
        srcu.synchronize();
        int idx = srcu.readLock();
        srcu.readUnlock(idx);
        srcu.synchronize();
    }

    @Test
    void synchronize_doesNotWaitForASectionThatBeganAfterIt() throws InterruptedException {
        Srcu srcu = new Srcu();
        int first = srcu.readLock();
        Thread updater = Thread.ofPlatform().start(srcu::synchronize);
        // Wait until the updater has flipped the phase: a new section then counts in the new phase.
        while (srcu.readLock() == first) {
            srcu.readUnlock(first);
            Thread.onSpinWait();
        }
        int later = 1 - first;
        srcu.readUnlock(first);
        updater.join(10_000);
        assertThat(updater.isAlive()).isFalse();
        srcu.readUnlock(later);
    }

    @Test
    void delete_waitsForAReaderHoldingTheSet() throws InterruptedException {
        Kvm kvm = new Kvm(KvmConfig.smramFlag(), new HostMemory(), InstallHook.NONE);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0x1000, 0x10000))).isEqualTo(0);
        int idx = kvm.srcu().readLock();
        MemorySlot held = kvm.memslots(0).searchMemslots(0);
        Thread deleter = Thread.ofPlatform().start(
                () -> kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0, 0x10000)));
        deleter.join(200);
        assertThat(deleter.isAlive()).isTrue();
        assertThat(held).isNotNull();
        kvm.srcu().readUnlock(idx);
        deleter.join(10_000);
        assertThat(deleter.isAlive()).isFalse();
        assertThat(kvm.memslots(0).searchMemslots(0)).isNull();
    }

    @Test
    void readUnlock_withABadIndex_isIllegalArgumentNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Srcu().readUnlock(7));
        assertThat(e).hasMessageThat().contains("7");
    }
}
