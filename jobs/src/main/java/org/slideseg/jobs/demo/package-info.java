/**
 * The demo: a sample slide built from bundled ISBI 2012 slices, segmented with the bundled model.
 */
package org.slideseg.jobs.demo;
