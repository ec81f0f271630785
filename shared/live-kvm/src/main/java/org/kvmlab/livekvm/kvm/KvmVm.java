package org.kvmlab.livekvm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.livekvm.sys.ErrnoName;
import org.kvmlab.livekvm.sys.Libc;

/**
 * A VM file descriptor: memory slots, dirty logs, the in-kernel local APICs and vCPUs. Closing it
 * closes its vCPUs first (each unmapping its {@code struct kvm_run}), then the VM, which frees
 * every slot: the host memory behind the slots is the caller's to unmap.
 */
public final class KvmVm implements AutoCloseable {
    private final int fd;
    private final int vcpuMmapSize;
    private final List<KvmVcpu> vcpus = new ArrayList<>();
    private boolean closed;

    KvmVm(int fd, int vcpuMmapSize) {
        this.fd = fd;
        this.vcpuMmapSize = vcpuMmapSize;
    }

    /** {@code KVM_CHECK_EXTENSION} on the VM: the capability's value for this VM, 0 when absent. */
    public int checkExtension(int capability) {
        return Math.max(Libc.ioctl(fd, KvmApi.KVM_CHECK_EXTENSION, capability), 0);
    }

    /**
     * {@code KVM_SET_USER_MEMORY_REGION}: creates, moves, changes the flags of, or (size 0)
     * deletes slot {@code slot}.
     *
     * @return 0, or {@code -errno} ({@code -EINVAL}, {@code -EEXIST}, ...)
     */
    public int setUserMemoryRegion(int slot, int flags, long gpa, long size, long hva) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = arena.allocate(32, 8);
            region.set(JAVA_INT, 0, slot);
            region.set(JAVA_INT, 4, flags);
            region.set(JAVA_LONG, 8, gpa);
            region.set(JAVA_LONG, 16, size);
            region.set(JAVA_LONG, 24, hva);
            return Libc.ioctl(fd, KvmApi.KVM_SET_USER_MEMORY_REGION, region);
        }
    }

    /**
     * {@code KVM_GET_DIRTY_LOG}: copies slot {@code slot}'s dirty bitmap into {@code bitmap} and
     * clears it. {@code bitmap} must hold the slot's pages rounded up to 64 bits; the kernel
     * checks the slot before it copies, so a slot that does not exist may pass any bitmap.
     *
     * @return 0, or {@code -errno} ({@code -ENOENT}, {@code -EINVAL})
     */
    public int getDirtyLog(int slot, MemorySegment bitmap) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment log = arena.allocate(16, 8);
            log.set(JAVA_INT, 0, slot);
            log.set(JAVA_LONG, 8, bitmap.address());
            return Libc.ioctl(fd, KvmApi.KVM_GET_DIRTY_LOG, log);
        }
    }

    /** {@code KVM_CREATE_IRQCHIP}: 0, or {@code -errno}. Must come before the first vCPU. */
    public int createIrqchip() {
        return Libc.ioctl(fd, KvmApi.KVM_CREATE_IRQCHIP, 0L);
    }

    /**
     * {@code KVM_CREATE_VCPU}, then maps its {@code struct kvm_run}.
     *
     * @throws IllegalStateException if the kernel refuses
     */
    public KvmVcpu createVcpu(int id) {
        int vcpuFd = Libc.ioctl(fd, KvmApi.KVM_CREATE_VCPU, id);
        if (vcpuFd < 0) {
            throw new IllegalStateException("KVM_CREATE_VCPU " + id + " failed: " + ErrnoName.of(vcpuFd));
        }
        long run = Libc.mmap(0, vcpuMmapSize, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, vcpuFd);
        if (run < 0) {
            Libc.close(vcpuFd);
            throw new IllegalStateException("mmap of vCPU " + id + "'s kvm_run failed: " + ErrnoName.of((int) run));
        }
        KvmVcpu vcpu = new KvmVcpu(id, vcpuFd, MemorySegment.ofAddress(run).reinterpret(vcpuMmapSize), vcpuMmapSize);
        vcpus.add(vcpu);
        return vcpu;
    }

    /** Closes every vCPU (unmapping its {@code struct kvm_run}), then the VM, which frees its slots. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (KvmVcpu vcpu : vcpus) {
            vcpu.close();
        }
        Libc.close(fd);
    }
}
