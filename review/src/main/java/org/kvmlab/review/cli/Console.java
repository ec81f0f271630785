package org.kvmlab.review.cli;

import java.io.PrintStream;

/**
 * Where a subcommand prints: results to {@code out}, usage errors and progress to {@code err}.
 * Passed to each subcommand when the command line is built, so tests can read what it printed.
 */
record Console(PrintStream out, PrintStream err) {
    static final Console SYSTEM = new Console(System.out, System.err);
}
