/**
 * The demo: a sample slide built from bundled ISBI 2012 slices ({@code IsbiMosaic}), segmented with
 * the bundled model ({@code BundledModel}); the bench runs on both too.
 */
package org.slideseg.jobs.demo;
