package org.kvmlab.livekvm.kvm;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.kvmlab.livekvm.sys.Libc;

/**
 * Stops a {@code KVM_RUN} that outlives its budget: it sets {@code kvm_run.immediate_exit} (for a
 * run that has not entered the guest yet) and sends the running thread {@code SIGPIPE}, which
 * the JVM ignores but which makes {@code KVM_RUN} return {@code EINTR}, every 10 ms until the run
 * ends. A guest that runs away is then reported, never hung.
 */
final class RunWatchdog {
    private static final long REPEAT_MILLIS = 10;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-kvm run watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private RunWatchdog() {}

    /** Arms a watchdog for a run on the calling thread of {@code vcpu}. */
    static Ticket arm(KvmVcpu vcpu, long budgetMillis) {
        Ticket ticket = new Ticket(vcpu, Libc.pthreadSelf());
        ticket.future = TIMER.scheduleAtFixedRate(ticket::fire, budgetMillis, REPEAT_MILLIS, TimeUnit.MILLISECONDS);
        return ticket;
    }

    /** One armed run: fired at most until disarmed, never after. */
    static final class Ticket {
        private final KvmVcpu vcpu;
        private final long thread;
        private ScheduledFuture<?> future;
        private boolean armed = true;
        private boolean expired;

        private Ticket(KvmVcpu vcpu, long thread) {
            this.vcpu = vcpu;
            this.thread = thread;
        }

        private synchronized void fire() {
            if (!armed) {
                return;
            }
            expired = true;
            vcpu.requestImmediateExit();
            Libc.pthreadKill(thread, Libc.SIGPIPE);
        }

        /** Whether the budget ran out. */
        synchronized boolean expired() {
            return expired;
        }

        /** Ends the watch: no signal is sent after this returns. */
        synchronized void disarm() {
            armed = false;
            future.cancel(false);
        }
    }
}
