package org.kvmlab.review.metrics;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.StringJoiner;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The members of a Java source file that hold code, with the lines they span: methods and
 * constructors (those of nested and anonymous classes too, an enum constant's body included) and
 * fields with an initializer. Read with the JDK's own parser ({@code com.sun.source}), so that a
 * member's lines are the compiler's, not a guess from braces. A member is named
 * {@code Outer.Inner.method(ParamType, ...)}; an anonymous class is named by the field or enum
 * constant it initialises.
 */
public final class Members {
    private Members() {}

    /**
     * One member.
     *
     * @param name      {@code Class.method(Type, ...)} or {@code Class.FIELD}
     * @param firstLine its first line (its modifiers; Javadoc before it is not part of it), 1-based
     * @param lastLine  its last line
     */
    public record Member(String name, int firstLine, int lastLine) {
        /** Whether {@code line} lies in the member. */
        public boolean contains(int line) {
            return line >= firstLine && line <= lastLine;
        }
    }

    /**
     * The members of {@code source}, in the order they start.
     *
     * @param path what to call the file in a message
     * @throws IllegalArgumentException if the file does not parse
     */
    public static List<Member> of(String path, String source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("this Java runtime has no compiler (javax.tools); run the lab on a JDK 25");
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path.replace('\\', '/')),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) compiler.getTask(null, null, d -> { }, List.of("-proc:none", "--release", "25"),
                null, List.of(file));
        Iterable<? extends CompilationUnitTree> units;
        try {
            units = task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Member> members = new ArrayList<>();
        for (CompilationUnitTree unit : units) {
            LineMap lines = unit.getLineMap();
            new TreeScanner<Void, Void>() {
                private final Deque<String> owners = new ArrayDeque<>();
                private String pendingName;

                @Override
                public Void visitClass(ClassTree node, Void v) {
                    String simple = node.getSimpleName().toString();
                    owners.push(simple.isEmpty() ? (pendingName == null ? "anonymous" : pendingName) : simple);
                    pendingName = null;
                    for (Tree member : node.getMembers()) {
                        if (member instanceof VariableTree field) {
                            if (field.getInitializer() != null) {
                                add(field.getName().toString(), field);
                            }
                            pendingName = field.getName().toString();
                            scan(field.getInitializer(), null);
                            pendingName = null;
                        } else {
                            scan(member, null);
                        }
                    }
                    owners.pop();
                    return null;
                }

                @Override
                public Void visitMethod(MethodTree node, Void v) {
                    StringJoiner params = new StringJoiner(", ", "(", ")");
                    node.getParameters().forEach(p -> params.add(p.getType() == null ? "?" : p.getType().toString()));
                    String name = node.getName().contentEquals("<init>") ? owners.peek() : node.getName().toString();
                    add(name + params, node);
                    return super.visitMethod(node, v);
                }

                private void add(String name, Tree tree) {
                    long start = positions.getStartPosition(unit, tree);
                    long end = positions.getEndPosition(unit, tree);
                    if (start < 0 || end < 0) {
                        return;
                    }
                    List<String> path = new ArrayList<>(owners);
                    java.util.Collections.reverse(path);
                    members.add(new Member(String.join(".", path) + "." + name, (int) lines.getLineNumber(start),
                            (int) lines.getLineNumber(Math.max(start, end - 1))));
                }
            }.scan(unit, null);
        }
        members.sort(java.util.Comparator.comparingInt(Member::firstLine).thenComparing(Member::name));
        return List.copyOf(members);
    }

    /** The innermost member of {@code members} that contains {@code line}, or null. */
    public static Member at(List<Member> members, int line) {
        Member found = null;
        for (Member m : members) {
            if (m.contains(line) && (found == null || m.lastLine() - m.firstLine() < found.lastLine() - found.firstLine())) {
                found = m;
            }
        }
        return found;
    }
}
