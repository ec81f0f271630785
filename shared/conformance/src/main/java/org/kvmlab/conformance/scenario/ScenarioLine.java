package org.kvmlab.conformance.scenario;

/**
 * One command line of a scenario file.
 *
 * @param number      its line number in the file, from 1
 * @param command     the command and its operands
 * @param expectation what the line expects
 */
public record ScenarioLine(int number, Command command, Expectation expectation) {}
