package org.kvmlab.review.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kvmlab}: the project's command line, run by the {@code ./kvmlab} launcher at the
 * repository root. Each subcommand is a class of its own that prints to the {@link Console} it is
 * given.
 */
@Command(name = "kvmlab",
        mixinStandardHelpOptions = true,
        version = "kvmlab 0.1.0",
        description = "KVM's guest-memory accessor layer, once per design of the 2015 SMRAM thread.",
        subcommands = {ReviewCli.class, ScenarioCli.class, SoakCli.class, NewDesignCli.class, ChangesCli.class})
public final class Kvmlab implements Runnable {
    private final Console console;

    Kvmlab(Console console) {
        this.console = console;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine(Console.SYSTEM).execute(args));
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
    }

    /** The command line printing to {@code console}; picocli exits 2 on a usage error, as SCENARIOS.md asks. */
    static CommandLine commandLine(Console console) {
        CommandLine cli = new CommandLine(new Kvmlab(console), new ConsoleFactory(console));
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        CommandLine.IParameterExceptionHandler usual = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            if (e.getCommandLine().getCommand() instanceof ChangesCli) {
                // One line, as the command's help promises: no usage dump under the message.
                console.err().println("kvmlab changes: " + e.getMessage() + " (kvmlab changes --help lists the options)");
                return ChangesCli.EXIT_USAGE;
            }
            return usual.handleParseException(e, args);
        });
        return cli;
    }

    /** Builds subcommands with the console; everything else as picocli would. */
    private record ConsoleFactory(Console console) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == ScenarioCli.class) {
                return cls.cast(new ScenarioCli(console));
            }
            if (cls == SoakCli.class) {
                return cls.cast(new SoakCli(console));
            }
            if (cls == ReviewCli.class) {
                return cls.cast(new ReviewCli(console));
            }
            if (cls == NewDesignCli.class) {
                return cls.cast(new NewDesignCli(console));
            }
            if (cls == ChangesCli.class) {
                return cls.cast(new ChangesCli(console));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
