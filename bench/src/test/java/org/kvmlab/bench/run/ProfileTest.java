package org.kvmlab.bench.run;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The profiles select what they promise: a profile whose pattern matches nothing would run silently short. */
class ProfileTest {
    private static final OutputFormat SILENT = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);

    private static Set<String> selected(Profile.Group group) {
        Set<String> names = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(SILENT, List.of(group.include()), List.of())) {
            names.add(e.getUsername().substring(Profile.PACKAGE.length()));
        }
        return names;
    }

    @Test
    void quick_everyMethodNamedInAGroup_isABenchmark() {
        for (Profile.Group group : Profile.QUICK.groups()) {
            Set<String> selected = selected(group);
            for (String method : group.methods().split("\\|")) {
                assertWithMessage(group.toString()).that(selected).contains(group.classes() + "." + method);
            }
        }
    }

    @Test
    void quick_coversTheTargetBearingSubset() {
        Set<String> all = new TreeSet<>();
        Profile.QUICK.groups().forEach(g -> all.addAll(selected(g)));

        assertThat(all).containsAtLeast(
                "GuestCopyBench.readGuest_vm", "GuestCopyBench.readGuest_vcpu", "GuestCopyBench.writeGuest_vm",
                "GuestCopyBench.writeGuest_vcpu", "GuestCopyBench.limit_read", "GuestCopyBench.limit_write",
                "SlotScalingBench.read8_lruVm", "SlotScalingBench.read8_lruVcpu", "SlotScalingBench.limit_read8",
                "SlotScalingBench.lookup_random", "SlotScalingBench.search_random",
                "PollutedBench.readGuest_vm", "PollutedBench.readGuest_vcpu", "PollutedBench.limit_read");
    }

    @Test
    void targets_everyMethodNamedInAGroup_isABenchmark_andItRunsThreeForks() {
        for (Profile.Group group : Profile.TARGETS.groups()) {
            Set<String> selected = selected(group);
            for (String method : group.methods().split("\\|")) {
                assertWithMessage(group.toString()).that(selected).contains(group.classes() + "." + method);
            }
            Options targets = Profile.TARGETS.options(group).build();
            assertThat(targets.getForkCount().get()).isEqualTo(3);
            assertThat(targets.getProfilers().stream().map(profiler -> profiler.getKlass()).toList())
                    .contains(GCProfiler.class.getName());
        }
    }

    @Test
    void targets_coversEveryBenchmarkIssue14Bounds() {
        Set<String> all = new TreeSet<>();
        Profile.TARGETS.groups().forEach(g -> all.addAll(selected(g)));

        assertThat(all).containsAtLeast(
                "GuestCopyBench.readGuest_vm", "GuestCopyBench.readGuest_vcpu", "GuestCopyBench.writeGuest_vm",
                "GuestCopyBench.writeGuest_vcpu", "GuestCopyBench.writeGuest_vmLog", "GuestCopyBench.writeGuest_vcpuLog",
                "GuestCopyBench.limit_read", "GuestCopyBench.limit_write", "SlotScalingBench.read8_lruVm",
                "SlotScalingBench.read8_lruVcpu", "SlotScalingBench.limit_read8", "SlotScalingBench.read8_randomVm",
                "SlotScalingBench.read8_randomVcpu");
    }

    @Test
    void full_selectsEveryBenchmark() {
        Set<String> full = selected(Profile.FULL.groups().get(0));
        Set<String> all = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(SILENT, List.of())) {
            all.add(e.getUsername().substring(Profile.PACKAGE.length()));
        }

        assertThat(full).isEqualTo(all);
    }

    @Test
    void full_spansAtLeastThreeForks_soThatItsIntervalsCoverForkToForkSpread() {
        Options full = Profile.FULL.options(Profile.FULL.groups().get(0)).build();

        assertThat(full.getForkCount().get()).isAtLeast(3);
        assertThat(full.getMeasurementIterations().get()).isAtLeast(3);
    }

    @Test
    void quick_isOneForkOfFiveMeasuredOneSecondIterations_withTheGcProfiler() {
        for (Profile.Group group : Profile.QUICK.groups()) {
            Options quick = Profile.QUICK.options(group).build();

            assertThat(quick.getForkCount().get()).isEqualTo(1);
            // At least 3 by the issue; 5 so that Student's t leaves the 99.9% intervals narrow
            // enough to decide a target.
            assertThat(quick.getMeasurementIterations().get()).isEqualTo(5);
            assertThat(quick.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(1));
            assertThat(quick.getProfilers().stream().map(profiler -> profiler.getKlass()).toList())
                    .contains(GCProfiler.class.getName());
        }
    }
}
