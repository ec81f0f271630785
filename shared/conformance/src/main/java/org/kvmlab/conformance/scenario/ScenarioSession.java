package org.kvmlab.conformance.scenario;

import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Errno.EINVAL;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.conformance.GuestVm;
import org.kvmlab.conformance.VariantAdapter;
import org.kvmlab.core.base.Hva;
import org.kvmlab.core.base.Writable;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;

/**
 * One run of one scenario on one design: a fresh VM from the design's adapter and the cache
 * names bound so far. Each line goes through the {@link GuestVm} methods and comes back as an
 * {@link Outcome}, whatever the design does: an {@link IllegalArgumentException} is
 * {@code error}, any other {@link Throwable} a {@link Outcome.Crashed}.
 *
 * <p>Lines run one at a time so that a caller can look at the VM between them (a rule that
 * declares a difference looks at the state before a line, SCENARIOS.md section 6).
 */
public final class ScenarioSession {
    private final VariantAdapter adapter;
    private final int userSlots;
    private final Map<String, CacheBinding> caches = new HashMap<>();
    private final Map<String, Command.Cache> cacheLines = new HashMap<>();
    private GuestVm vm;

    /** A cache name's binding: the context of its {@code cache} line and the cache it made. */
    private record CacheBinding(Vcpu ctx, GfnToHvaCache cache) {}

    /** A session for {@code scenario} on {@code adapter}; the VM is made when the first line runs. */
    public ScenarioSession(VariantAdapter adapter, Scenario scenario) {
        this.adapter = adapter;
        this.userSlots = scenario.userSlots();
    }

    /**
     * The run's VM, made on first use. Made lazily so that an adapter that cannot make one fails
     * a line (with what it threw), not the whole run.
     */
    public GuestVm vm() {
        if (vm == null) {
            vm = adapter.createVm(userSlots);
        }
        return vm;
    }

    /** Runs one line's command and says what it gave. */
    public Outcome run(Command command) {
        try {
            return execute(command);
        } catch (IllegalArgumentException e) {
            return new Outcome.HostError(e.getMessage());
        } catch (Throwable t) {
            // Any other Throwable is the design's failure on this line; the run goes on
            // (SCENARIOS.md section 5).
            return new Outcome.Crashed(t);
        }
    }

    private Outcome execute(Command command) {
        return switch (command) {
            // The VM was made with N already when N is acceptable (Scenario.userSlots), so the
            // line only reports whether it was.
            case Command.Vm(long n) -> Scenario.acceptsUserSlots(n) ? Outcome.OK : new Outcome.Errno(EINVAL);
            case Command.Mmap(long hva, long size, var prot) -> rc(vm().mmap(hva, size, prot));
            case Command.Munmap(long hva, long size) -> rc(vm().munmap(hva, size));
            case Command.Mprotect(long hva, long size, var prot) -> rc(vm().mprotect(hva, size, prot));
            case Command.Region(int slot, long gpa, long size, long hva, int flags, boolean smram) ->
                    rc(vm().region(slot, flags, smram, gpa, size, hva));
            case Command.CreateVcpu(int id, var smm) -> {
                Vcpu vcpu = vm().vcpu(id);
                switch (smm) {
                    case ENTER -> vcpu.setSmm(true);
                    case LEAVE -> vcpu.setSmm(false);
                    case KEEP -> {
                    }
                }
                yield Outcome.OK;
            }
            case Command.Cr3(int id, long gpa) -> rc(vm().vcpu(id).setCr3(gpa));
            case Command.Read(var ctx, long gpa, int len) -> {
                // A fresh array is the zero-filled buffer the contract asks for, so that
                // EFAULT DATA sees exactly what the call wrote.
                byte[] buffer = new byte[len];
                int rc = vm().readGuest(vcpu(ctx), gpa, MemorySegment.ofArray(buffer), 0, len);
                yield rc == -EFAULT ? new Outcome.ReadFault(Data.ofOwned(buffer)) : dataRc(rc, buffer);
            }
            case Command.Write(var ctx, long gpa, Data data) -> {
                byte[] bytes = data.toByteArray();
                yield rc(vm().writeGuest(vcpu(ctx), gpa, MemorySegment.ofArray(bytes), 0, bytes.length));
            }
            case Command.Clear(var ctx, long gpa, int len) -> rc(vm().clearGuest(vcpu(ctx), gpa, len));
            case Command.ReadPage(var ctx, long gfn, int offset, int len) -> {
                byte[] buffer = new byte[len];
                yield dataRc(vm().readGuestPage(vcpu(ctx), gfn, MemorySegment.ofArray(buffer), 0, offset, len),
                        buffer);
            }
            case Command.WritePage(var ctx, long gfn, int offset, Data data) -> {
                byte[] bytes = data.toByteArray();
                yield rc(vm().writeGuestPage(vcpu(ctx), gfn, MemorySegment.ofArray(bytes), 0, offset, bytes.length));
            }
            case Command.ClearPage(var ctx, long gfn, int offset, int len) ->
                    rc(vm().clearGuestPage(vcpu(ctx), gfn, offset, len));
            case Command.ReadAtomic(var ctx, long gpa, int len) -> {
                byte[] buffer = new byte[len];
                yield dataRc(vm().readGuestAtomic(vcpu(ctx), gpa, MemorySegment.ofArray(buffer), 0, len), buffer);
            }
            case Command.Hva(var ctx, long gfn) -> hva(vm().gfnToHva(vcpu(ctx), gfn));
            case Command.HvaProt(var ctx, long gfn) -> {
                Writable writable = new Writable();
                long hva = vm().gfnToHvaProt(vcpu(ctx), gfn, writable);
                yield Hva.kvmIsErrorHva(hva) ? hva(hva) : new Outcome.HvaProtIs(hva, writable.get());
            }
            case Command.Visible(var ctx, long gfn) -> new Outcome.VisibleIs(vm().isVisibleGfn(vcpu(ctx), gfn));
            case Command.Memslot(var ctx, long gfn) -> {
                MemorySlot slot = vm().gfnToMemslot(vcpu(ctx), gfn);
                yield slot == null ? new Outcome.NoSlot() : new Outcome.SlotIs(slot.id());
            }
            case Command.Dirty(var ctx, long gfn) -> {
                vm().markPageDirty(vcpu(ctx), gfn);
                yield Outcome.OK;
            }
            case Command.DirtyLog(int slot) -> switch (vm().getDirtyLog(slot)) {
                case DirtyLogResult.Collected collected -> {
                    List<Long> pages = new ArrayList<>();
                    for (long page : collected.dirtyPages()) {
                        pages.add(page);
                    }
                    yield new Outcome.OkPages(pages);
                }
                case DirtyLogResult.Failed(int errno) -> rc(errno);
            };
            case Command.Cache(String name, var ctx, long gpa, int len) -> {
                Vcpu vcpu = vcpu(ctx);
                // The name is bound whatever the init returns (SCENARIOS.md section 4); should the
                // adapter fail to make a cache, the name is left unbound and its uses fail.
                caches.remove(name);
                cacheLines.put(name, (Command.Cache) command);
                GfnToHvaCache cache = vm().newCache(vcpu);
                caches.put(name, new CacheBinding(vcpu, cache));
                yield rc(vm().gfnToHvaCacheInit(vcpu, cache, gpa, len));
            }
            case Command.WriteCached(String name, Data data) -> {
                CacheBinding binding = binding(name);
                byte[] bytes = data.toByteArray();
                yield rc(vm().writeGuestCached(binding.ctx(), binding.cache(), MemorySegment.ofArray(bytes), 0,
                        bytes.length));
            }
            case Command.ReadCached(String name, int len) -> {
                CacheBinding binding = binding(name);
                byte[] buffer = new byte[len];
                yield dataRc(vm().readGuestCached(binding.ctx(), binding.cache(), MemorySegment.ofArray(buffer), 0,
                        len), buffer);
            }
            case Command.ReadVirt(int id, long gva, int len) -> {
                byte[] buffer = new byte[len];
                X86Exception exception = new X86Exception();
                int rc = vm().readGuestVirt(vm().vcpu(id), gva, MemorySegment.ofArray(buffer), 0, len, exception);
                yield rc == 0 ? new Outcome.OkData(Data.ofOwned(buffer)) : virtFault(rc, exception);
            }
            case Command.WriteVirt(int id, long gva, Data data) -> {
                byte[] bytes = data.toByteArray();
                X86Exception exception = new X86Exception();
                int rc = vm().writeGuestVirtSystem(vm().vcpu(id), gva, MemorySegment.ofArray(bytes), 0,
                        bytes.length, exception);
                yield rc == 0 ? Outcome.OK : virtFault(rc, exception);
            }
        };
    }

    /** The {@code cache} line that last bound {@code name}, or null: whose cache it is, and where. */
    public Command.Cache cacheLine(String name) {
        return cacheLines.get(name);
    }

    /** The vCPU a CTX names, or null for {@code vm}. */
    private Vcpu vcpu(Ctx ctx) {
        return switch (ctx) {
            case Ctx.Vm _ -> null;
            case Ctx.OnVcpu(int id) -> vm().vcpu(id);
        };
    }

    private CacheBinding binding(String name) {
        CacheBinding binding = caches.get(name);
        if (binding == null) {
            throw new IllegalStateException("cache " + name + " was not made: its cache line failed");
        }
        return binding;
    }

    /** An accessor's or ioctl's return value: 0 is {@code ok}, a negative value an errno. */
    private static Outcome rc(int rc) {
        if (rc == 0) {
            return Outcome.OK;
        }
        return rc < 0 ? new Outcome.Errno(-rc) : new Outcome.Unlisted("rc " + Canonical.number(rc));
    }

    /** The return value of a read into {@code buffer}: 0 is {@code ok} with the bytes read. */
    private static Outcome dataRc(int rc, byte[] buffer) {
        return rc == 0 ? new Outcome.OkData(Data.ofOwned(buffer)) : rc(rc);
    }

    private static Outcome hva(long hva) {
        if (hva == Hva.KVM_HVA_ERR_BAD) {
            return new Outcome.Bad();
        }
        return hva == Hva.KVM_HVA_ERR_RO_BAD ? new Outcome.RoBad() : new Outcome.HvaIs(hva);
    }

    /** A failed guest-virtual access: {@code -EFAULT}, or a fault the {@link X86Exception} describes. */
    private static Outcome virtFault(int rc, X86Exception exception) {
        if (rc != X86Emul.X86EMUL_PROPAGATE_FAULT) {
            return rc(rc);
        }
        return switch (exception.vector()) {
            case X86Exception.PF_VECTOR -> new Outcome.PageFault(exception.errorCode() & 0xffff_ffffL,
                    exception.address());
            case X86Exception.GP_VECTOR -> new Outcome.GeneralProtection();
            default -> new Outcome.Unlisted("exception vector " + Canonical.number(exception.vector()));
        };
    }
}
