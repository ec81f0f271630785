package org.kvmlab.bench.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.WarmupMode;
import org.openjdk.jmh.util.Optional;

/**
 * A profile's options with the command line's laid over them: whatever the user set on the
 * command line wins, everything else is the profile's. Includes stay the profile's (a profile is
 * its selection); profilers and excludes add up.
 */
final class OverlayOptions implements Options {
    private static final long serialVersionUID = 1L;

    private final Options top;
    private final Options base;

    OverlayOptions(Options top, Options base) {
        this.top = top;
        this.base = base;
    }

    private static <T> Optional<T> pick(Optional<T> top, Optional<T> base) {
        return top.hasValue() ? top : base;
    }

    @Override
    public List<String> getIncludes() {
        return base.getIncludes();
    }

    @Override
    public List<String> getExcludes() {
        List<String> all = new ArrayList<>(base.getExcludes());
        all.addAll(top.getExcludes());
        return all;
    }

    @Override
    public Optional<String> getOutput() {
        return pick(top.getOutput(), base.getOutput());
    }

    @Override
    public Optional<ResultFormatType> getResultFormat() {
        return pick(top.getResultFormat(), base.getResultFormat());
    }

    @Override
    public Optional<String> getResult() {
        return pick(top.getResult(), base.getResult());
    }

    @Override
    public Optional<Boolean> shouldDoGC() {
        return pick(top.shouldDoGC(), base.shouldDoGC());
    }

    @Override
    public List<ProfilerConfig> getProfilers() {
        List<ProfilerConfig> all = new ArrayList<>(base.getProfilers());
        all.addAll(top.getProfilers());
        return all;
    }

    @Override
    public Optional<VerboseMode> verbosity() {
        return pick(top.verbosity(), base.verbosity());
    }

    @Override
    public Optional<Boolean> shouldFailOnError() {
        return pick(top.shouldFailOnError(), base.shouldFailOnError());
    }

    @Override
    public Optional<Integer> getThreads() {
        return pick(top.getThreads(), base.getThreads());
    }

    @Override
    public Optional<int[]> getThreadGroups() {
        return pick(top.getThreadGroups(), base.getThreadGroups());
    }

    @Override
    public Optional<Boolean> shouldSyncIterations() {
        return pick(top.shouldSyncIterations(), base.shouldSyncIterations());
    }

    @Override
    public Optional<Integer> getWarmupIterations() {
        return pick(top.getWarmupIterations(), base.getWarmupIterations());
    }

    @Override
    public Optional<TimeValue> getWarmupTime() {
        return pick(top.getWarmupTime(), base.getWarmupTime());
    }

    @Override
    public Optional<Integer> getWarmupBatchSize() {
        return pick(top.getWarmupBatchSize(), base.getWarmupBatchSize());
    }

    @Override
    public Optional<WarmupMode> getWarmupMode() {
        return pick(top.getWarmupMode(), base.getWarmupMode());
    }

    @Override
    public List<String> getWarmupIncludes() {
        List<String> all = new ArrayList<>(base.getWarmupIncludes());
        all.addAll(top.getWarmupIncludes());
        return all;
    }

    @Override
    public Optional<Integer> getMeasurementIterations() {
        return pick(top.getMeasurementIterations(), base.getMeasurementIterations());
    }

    @Override
    public Optional<TimeValue> getMeasurementTime() {
        return pick(top.getMeasurementTime(), base.getMeasurementTime());
    }

    @Override
    public Optional<Integer> getMeasurementBatchSize() {
        return pick(top.getMeasurementBatchSize(), base.getMeasurementBatchSize());
    }

    @Override
    public Collection<Mode> getBenchModes() {
        return top.getBenchModes().isEmpty() ? base.getBenchModes() : top.getBenchModes();
    }

    @Override
    public Optional<TimeUnit> getTimeUnit() {
        return pick(top.getTimeUnit(), base.getTimeUnit());
    }

    @Override
    public Optional<Integer> getOperationsPerInvocation() {
        return pick(top.getOperationsPerInvocation(), base.getOperationsPerInvocation());
    }

    @Override
    public Optional<Integer> getForkCount() {
        return pick(top.getForkCount(), base.getForkCount());
    }

    @Override
    public Optional<Integer> getWarmupForkCount() {
        return pick(top.getWarmupForkCount(), base.getWarmupForkCount());
    }

    @Override
    public Optional<String> getJvm() {
        return pick(top.getJvm(), base.getJvm());
    }

    @Override
    public Optional<Collection<String>> getJvmArgs() {
        return pick(top.getJvmArgs(), base.getJvmArgs());
    }

    @Override
    public Optional<Collection<String>> getJvmArgsAppend() {
        return pick(top.getJvmArgsAppend(), base.getJvmArgsAppend());
    }

    @Override
    public Optional<Collection<String>> getJvmArgsPrepend() {
        return pick(top.getJvmArgsPrepend(), base.getJvmArgsPrepend());
    }

    @Override
    public Optional<Collection<String>> getParameter(String name) {
        return pick(top.getParameter(name), base.getParameter(name));
    }

    @Override
    public Optional<TimeValue> getTimeout() {
        return pick(top.getTimeout(), base.getTimeout());
    }
}
