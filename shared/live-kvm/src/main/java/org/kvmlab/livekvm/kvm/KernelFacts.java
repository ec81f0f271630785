package org.kvmlab.livekvm.kvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the running kernel's KVM offers, read at run time: its release, the capabilities that
 * decide how a scenario line maps onto it and which declared differences apply, and what its
 * guests' CPUID allows the page walker. Printed with every live run.
 *
 * @param release       {@code uname -r}
 * @param major         the release's major version
 * @param minor         the release's minor version
 * @param capabilities  {@code KVM_CHECK_EXTENSION} answers, by capability name without {@code KVM_CAP_}
 * @param maxPhysAddr   the guest's physical-address width (CPUID 0x80000008)
 * @param gigabytePages whether guests may use 1 GiB pages (CPUID {@code PDPE1GB})
 * @param slotEndLimit  the address no slot may end above, found by asking the kernel for slots
 *                      (a power of two), or 0 when a slot may end anywhere below 2^64
 */
public record KernelFacts(String release, int major, int minor, Map<String, Integer> capabilities, int maxPhysAddr,
                          boolean gigabytePages, long slotEndLimit) {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    public KernelFacts {
        capabilities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(capabilities));
    }

    /** Reads the facts from {@code kvm} and the CPUID it supports. */
    public static KernelFacts of(KvmSystem kvm, Cpuid cpuid) {
        String release = KvmSystem.kernelRelease();
        Matcher m = VERSION.matcher(release);
        int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int minor = major > 0 ? Integer.parseInt(m.group(2)) : 0;
        Map<String, Integer> caps = new LinkedHashMap<>();
        caps.put("NR_MEMSLOTS", kvm.checkExtension(KvmApi.KVM_CAP_NR_MEMSLOTS));
        caps.put("X86_SMM", kvm.checkExtension(KvmApi.KVM_CAP_X86_SMM));
        caps.put("MULTI_ADDRESS_SPACE", kvm.checkExtension(KvmApi.KVM_CAP_MULTI_ADDRESS_SPACE));
        caps.put("READONLY_MEM", kvm.checkExtension(KvmApi.KVM_CAP_READONLY_MEM));
        caps.put("NR_VCPUS", kvm.checkExtension(KvmApi.KVM_CAP_NR_VCPUS));
        caps.put("MAX_VCPUS", kvm.checkExtension(KvmApi.KVM_CAP_MAX_VCPUS));
        caps.put("MAX_VCPU_ID", kvm.checkExtension(KvmApi.KVM_CAP_MAX_VCPU_ID));
        caps.put("MANUAL_DIRTY_LOG_PROTECT2", kvm.checkExtension(KvmApi.KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2));
        return new KernelFacts(release, major, minor, caps, cpuid.maxPhysAddr(), cpuid.gigabytePages(),
                slotEndLimit(kvm));
    }

    /**
     * Where slots must end, asked of the kernel: one-page slots (over an address that need not be
     * mapped) ending just below 2^64, then at 2^63, 2^62, ... until one is accepted, in a VM
     * of its own that is closed at once. No capability reports this limit.
     */
    private static long slotEndLimit(KvmSystem kvm) {
        long page = 4096;
        try (KvmVm vm = kvm.createVm()) {
            if (vm.setUserMemoryRegion(0, 0, -2 * page, page, page) == 0) {
                return 0;
            }
            for (int bits = 63; bits > 12; bits--) {
                long end = 1L << bits;
                if (vm.setUserMemoryRegion(0, 0, end - page, page, page) == 0) {
                    return end;
                }
            }
        }
        return page;
    }

    /** A capability's value, 0 when absent. */
    public int capability(String name) {
        return capabilities.getOrDefault(name, 0);
    }

    /** Whether the kernel is {@code major.minor} or later. */
    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || major == wantMajor && minor >= wantMinor;
    }

    /** Whether the kernel has System Management Mode ({@code KVM_CAP_X86_SMM}). */
    public boolean hasSmm() {
        return capability("X86_SMM") > 0;
    }

    /** {@code KVM_USER_MEM_SLOTS}: how many user slots a VM has. */
    public int userMemSlots() {
        return capability("NR_MEMSLOTS");
    }

    /** One line: the release, the capabilities in a fixed order, and the walker's limits. */
    public String summary() {
        StringJoiner caps = new StringJoiner(", ");
        for (String name : new String[] {"NR_MEMSLOTS", "X86_SMM", "MULTI_ADDRESS_SPACE", "READONLY_MEM", "NR_VCPUS",
                "MAX_VCPUS", "MAX_VCPU_ID", "MANUAL_DIRTY_LOG_PROTECT2"}) {
            caps.add(name + " " + capability(name));
        }
        return "Linux " + release + ", KVM API " + KvmSystem.API_VERSION + "; capabilities " + caps
                + "; guest MAXPHYADDR " + maxPhysAddr + ", " + (gigabytePages ? "1 GiB pages" : "no 1 GiB pages")
                + "; slots end " + (slotEndLimit == 0 ? "anywhere" : "at or below 2^" + Long.numberOfTrailingZeros(slotEndLimit));
    }
}
