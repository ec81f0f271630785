/**
 * Conformance as the review reports it: each design's test-jar run through the JUnit Platform
 * launcher and counted per rule tag of DESIGN.md section 5, and the scenario corpus run with the
 * kit's runner, including the differences a design with address spaces declares.
 */
package org.kvmlab.review.conformance;
