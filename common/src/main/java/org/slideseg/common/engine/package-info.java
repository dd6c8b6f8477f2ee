/**
 * The PyTorch engine under every model of this JVM: its settings (threads, no downloads), the
 * choice of oneDNN's instruction set by a trial in child JVMs (kept per machine in a verdict file),
 * and the self-check that proves its convolutions right on this CPU against a float64 reference
 * before any model is used, switching off the kernels that are wrong here or refusing to run.
 */
package org.slideseg.common.engine;
