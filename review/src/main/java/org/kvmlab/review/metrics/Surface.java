package org.kvmlab.review.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * A design's public accessor surface and its loops, read from bytecode with ASM, so that no count
 * depends on how the source is laid out.
 *
 * <p><b>Entry point.</b> A public, non-synthetic method of a public class of the design's main
 * code whose name holds one of the accessor verbs of DESIGN.md section 4 ({@link #ACCESSOR}) and
 * does not end in {@code Generic} (the {@code __kvm_*} bodies of the mapping are shared bodies,
 * not entry points). Its level is its first parameter's type: the VM ({@code Kvm}), a vCPU
 * ({@code Vcpu} or a subtype the design defines), or neither (a slot).
 *
 * <p><b>One-liner.</b> An entry point whose body is one statement that hands its work to a shared
 * body: (1) straight-line code, no branch, switch, throw or exception handler; (2) one statement,
 * i.e. the operand stack is empty only before its first instruction (and before a final
 * {@code return} of a void method); (3) the statement's last call is to a method of the design
 * that at least two methods of the design call or reference (a shared body). Argument
 * expressions may call (e.g. {@code vcpu.kvm()}).
 *
 * <p><b>Loop.</b> A backward jump: a jump whose target precedes it in the method; jumps to one
 * target are one loop. A <b>segment loop</b> is a loop whose instructions (from the target to
 * the jump) call the core's {@code Page.nextSegment}, the page-by-page loop of
 * {@code kvm_read_guest} and its kin; other loops (page walks, cache set-up, hash tables) are
 * listed apart.
 */
public final class Surface {
    /** The accessor verbs of DESIGN.md section 4, in their Java spelling. */
    public static final Pattern ACCESSOR = Pattern.compile(
            "(?i).*(GfnToMemslot|IsVisibleGfn|GfnToHva|ReadGuest|WriteGuest|ClearGuest|MarkPageDirty).*");
    private static final String PAGE = "org/kvmlab/core/base/Page";
    private static final String NEXT_SEGMENT = "nextSegment";
    private static final String KVM = "org/kvmlab/core/kvm/Kvm";
    private static final String VCPU = "org/kvmlab/core/kvm/Vcpu";

    private Surface() {}

    /** The level an entry point works at. */
    public enum Level { VM, VCPU, OTHER }

    /** One public accessor entry point. */
    public record EntryPoint(String className, String method, Level level, boolean oneLiner, String delegatesTo) {}

    /** One loop: where it is, and whether it is a segment loop. */
    public record Loop(String className, String method, int line, boolean segmentLoop) {}

    /** What the bytecode of a design shows. */
    public record Result(String design, List<EntryPoint> entryPoints, List<Loop> loops) {
        public long entryPointCount() {
            return entryPoints.size();
        }

        public long oneLiners() {
            return entryPoints.stream().filter(EntryPoint::oneLiner).count();
        }

        public long segmentLoops() {
            return loops.stream().filter(Loop::segmentLoop).count();
        }

        public long atLevel(Level level) {
            return entryPoints.stream().filter(e -> e.level() == level).count();
        }

        /** Whether some entry point at {@code level} has {@code verb} in its name. */
        public boolean offers(Level level, String verb) {
            return entryPoints.stream().anyMatch(e -> e.level() == level
                    && e.method().toLowerCase(java.util.Locale.ROOT).contains(verb.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** Analyses the class files of one design. */
    public static Result of(String design, List<ClassBytes.ClassFile> classFiles) {
        Map<String, ClassNode> classes = new HashMap<>();
        for (ClassBytes.ClassFile file : classFiles) {
            ClassNode node = new ClassNode();
            new ClassReader(file.bytes()).accept(node, 0);
            classes.put(node.name, node);
        }
        Set<String> vcpuTypes = vcpuTypes(classes);
        Map<String, Set<String>> callers = callers(classes);
        List<EntryPoint> entryPoints = new ArrayList<>();
        List<Loop> loops = new ArrayList<>();
        for (ClassNode c : classes.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).toList()) {
            for (MethodNode m : c.methods) {
                loops.addAll(loops(c, m));
                if (isEntryPoint(c, m)) {
                    String target = oneLinerTarget(c, m, classes, callers);
                    entryPoints.add(new EntryPoint(simple(c.name), m.name, level(m, vcpuTypes), target != null, target));
                }
            }
        }
        return new Result(design, List.copyOf(entryPoints), List.copyOf(loops));
    }

    private static boolean isEntryPoint(ClassNode c, MethodNode m) {
        boolean publicClass = (c.access & Opcodes.ACC_PUBLIC) != 0 && (c.access & Opcodes.ACC_SYNTHETIC) == 0;
        boolean publicMethod = (m.access & Opcodes.ACC_PUBLIC) != 0
                && (m.access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
        return publicClass && publicMethod && !m.name.startsWith("<") && ACCESSOR.matcher(m.name).matches()
                && !m.name.endsWith("Generic");
    }

    /** The core's vCPU type and every design class that extends it. */
    private static Set<String> vcpuTypes(Map<String, ClassNode> classes) {
        Set<String> types = new HashSet<>(Set.of(VCPU));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ClassNode c : classes.values()) {
                if (!types.contains(c.name) && (types.contains(c.superName)
                        || c.interfaces.stream().anyMatch(types::contains))) {
                    types.add(c.name);
                    grew = true;
                }
            }
        }
        return types;
    }

    private static Level level(MethodNode m, Set<String> vcpuTypes) {
        Type[] args = Type.getArgumentTypes(m.desc);
        if (args.length == 0 || args[0].getSort() != Type.OBJECT) {
            return Level.OTHER;
        }
        String first = args[0].getInternalName();
        return first.equals(KVM) ? Level.VM : vcpuTypes.contains(first) ? Level.VCPU : Level.OTHER;
    }

    /** For each design method ({@code owner.name+desc}), the design methods that call or reference it. */
    private static Map<String, Set<String>> callers(Map<String, ClassNode> classes) {
        Map<String, Set<String>> callers = new HashMap<>();
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                String caller = c.name + "." + m.name + m.desc;
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call && classes.containsKey(call.owner)) {
                        callers.computeIfAbsent(call.owner + "." + call.name + call.desc, k -> new LinkedHashSet<>()).add(caller);
                    } else if (insn instanceof InvokeDynamicInsnNode indy) {
                        for (Object arg : indy.bsmArgs) {
                            if (arg instanceof Handle h && classes.containsKey(h.getOwner())) {
                                callers.computeIfAbsent(h.getOwner() + "." + h.getName() + h.getDesc(),
                                        k -> new LinkedHashSet<>()).add(caller);
                            }
                        }
                    }
                }
            }
        }
        return callers;
    }

    /** The shared body a one-liner hands its work to ({@code Class.method}), or null if it is none. */
    static String oneLinerTarget(ClassNode c, MethodNode m, Map<String, ClassNode> classes,
                                 Map<String, Set<String>> callers) {
        if (!m.tryCatchBlocks.isEmpty()) {
            return null;
        }
        MethodInsnNode last = null;
        for (AbstractInsnNode insn : m.instructions) {
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH
                    || op == Opcodes.ATHROW || insn instanceof InvokeDynamicInsnNode) {
                return null;
            }
            if (insn instanceof MethodInsnNode call) {
                last = call;
            }
        }
        if (last == null || !classes.containsKey(last.owner)
                || callers.getOrDefault(last.owner + "." + last.name + last.desc, Set.of()).size() < 2) {
            return null;
        }
        return statements(c, m) == 1 ? simple(last.owner) + "." + last.name : null;
    }

    /** How many statements straight-line code has: instructions before which the operand stack is empty. */
    static int statements(ClassNode c, MethodNode m) {
        Frame<BasicValue>[] frames;
        try {
            frames = new Analyzer<>(new BasicInterpreter()).analyze(c.name, m);
        } catch (AnalyzerException e) {
            return -1;
        }
        int statements = 0;
        int i = 0;
        for (AbstractInsnNode insn : m.instructions) {
            Frame<BasicValue> frame = frames[i++];
            if (insn.getOpcode() < 0 || frame == null) {
                continue;
            }
            if (frame.getStackSize() == 0 && insn.getOpcode() != Opcodes.RETURN) {
                statements++;
            }
        }
        return statements;
    }

    private static List<Loop> loops(ClassNode c, MethodNode m) {
        List<Loop> loops = new ArrayList<>();
        Set<LabelNode> seen = new HashSet<>();
        AbstractInsnNode[] insns = m.instructions.toArray();
        Map<AbstractInsnNode, Integer> index = new HashMap<>();
        for (int i = 0; i < insns.length; i++) {
            index.put(insns[i], i);
        }
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof JumpInsnNode jump && index.get(jump.label) < i && seen.add(jump.label)) {
                int from = index.get(jump.label);
                boolean segment = false;
                int line = -1;
                for (int k = from; k <= i; k++) {
                    if (insns[k] instanceof MethodInsnNode call && call.owner.equals(PAGE) && call.name.equals(NEXT_SEGMENT)) {
                        segment = true;
                    }
                    if (line < 0 && insns[k] instanceof LineNumberNode ln) {
                        line = ln.line;
                    }
                }
                if (line < 0) {
                    line = lineBefore(insns, from);
                }
                loops.add(new Loop(simple(c.name), m.name, line, segment));
            }
        }
        return loops;
    }

    private static int lineBefore(AbstractInsnNode[] insns, int from) {
        for (int k = from; k >= 0; k--) {
            if (insns[k] instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
