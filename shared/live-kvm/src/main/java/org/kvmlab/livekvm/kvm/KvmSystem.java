package org.kvmlab.livekvm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmlab.livekvm.sys.ErrnoName;
import org.kvmlab.livekvm.sys.Libc;

/**
 * The system file descriptor of {@code /dev/kvm}: the API version, capabilities, the CPUID the
 * kernel supports for guests, and new VMs. Closing it closes nothing else; each VM holds its own
 * reference to the kernel module.
 */
public final class KvmSystem implements AutoCloseable {
    /** Where the device lives. */
    public static final String DEVICE = "/dev/kvm";
    /** {@code KVM_API_VERSION}. */
    public static final int API_VERSION = 12;
    /** How many CPUID leaves {@link #supportedCpuid} asks for at most. */
    private static final int MAX_CPUID_ENTRIES = 256;

    private final int fd;
    private final int vcpuMmapSize;
    private boolean closed;

    private KvmSystem(int fd, int vcpuMmapSize) {
        this.fd = fd;
        this.vcpuMmapSize = vcpuMmapSize;
    }

    /**
     * Opens {@code /dev/kvm} and checks that it is a KVM this module can drive: x86-64, API
     * version 12, {@code kvm_run.immediate_exit}.
     *
     * @throws KvmUnavailableException naming what is missing
     */
    public static KvmSystem open() throws KvmUnavailableException {
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new KvmUnavailableException("live-kvm drives x86-64 KVM only; this JVM runs on " + arch);
        }
        if (!Files.exists(Path.of(DEVICE))) {
            throw new KvmUnavailableException(DEVICE + " does not exist (no KVM on this machine)");
        }
        int fd = Libc.open(DEVICE, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new KvmUnavailableException(DEVICE + " cannot be opened: " + ErrnoName.of(fd)
                    + (fd == -13 ? " (permission denied: run as root or join group kvm)" : ""));
        }
        int version = Libc.ioctl(fd, KvmApi.KVM_GET_API_VERSION, 0L);
        int mmapSize = Libc.ioctl(fd, KvmApi.KVM_GET_VCPU_MMAP_SIZE, 0L);
        int immediateExit = Libc.ioctl(fd, KvmApi.KVM_CHECK_EXTENSION, KvmApi.KVM_CAP_IMMEDIATE_EXIT);
        String problem = version != API_VERSION ? "KVM_GET_API_VERSION is " + version + ", not " + API_VERSION
                : mmapSize <= 0 ? "KVM_GET_VCPU_MMAP_SIZE failed: " + ErrnoName.of(mmapSize)
                : immediateExit <= 0 ? "the kernel lacks KVM_CAP_IMMEDIATE_EXIT (Linux 4.11 or later is needed)"
                : null;
        if (problem != null) {
            Libc.close(fd);
            throw new KvmUnavailableException(DEVICE + ": " + problem);
        }
        return new KvmSystem(fd, mmapSize);
    }

    /** {@code KVM_CHECK_EXTENSION}: the capability's value, 0 when the kernel lacks it. */
    public int checkExtension(int capability) {
        int rc = Libc.ioctl(fd, KvmApi.KVM_CHECK_EXTENSION, capability);
        return Math.max(rc, 0);
    }

    /** {@code KVM_GET_VCPU_MMAP_SIZE}. */
    public int vcpuMmapSize() {
        return vcpuMmapSize;
    }

    /** The running kernel's release ({@code uname -r}), read from {@code /proc/sys/kernel/osrelease}. */
    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /**
     * {@code KVM_GET_SUPPORTED_CPUID}: the leaves the kernel can give a guest, as a
     * {@code struct kvm_cpuid2} ready for {@code KVM_SET_CPUID2}, in memory {@code arena} owns.
     */
    public Cpuid supportedCpuid(Arena arena) {
        MemorySegment cpuid2 = arena.allocate(8 + Cpuid.ENTRY_SIZE * MAX_CPUID_ENTRIES, 8);
        cpuid2.set(JAVA_INT, 0, MAX_CPUID_ENTRIES);
        int rc = Libc.ioctl(fd, KvmApi.KVM_GET_SUPPORTED_CPUID, cpuid2);
        if (rc < 0) {
            throw new IllegalStateException("KVM_GET_SUPPORTED_CPUID failed: " + ErrnoName.of(rc));
        }
        return new Cpuid(cpuid2);
    }

    /**
     * {@code KVM_CREATE_VM}: a new VM, with the in-kernel local APICs already created.
     *
     * @throws IllegalStateException if the kernel refuses (a resource limit)
     */
    public KvmVm createVm() {
        int vmFd = Libc.ioctl(fd, KvmApi.KVM_CREATE_VM, 0L);
        if (vmFd < 0) {
            throw new IllegalStateException("KVM_CREATE_VM failed: " + ErrnoName.of(vmFd));
        }
        return new KvmVm(vmFd, vcpuMmapSize);
    }

    /** Closes the system file descriptor; VMs made from it stay open until closed themselves. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
