/**
 * The PyTorch engine under every model of this JVM: its settings (threads, no downloads), and the
 * self-check that proves its convolutions right on this CPU against a float64 reference before any
 * model is used, capping oneDNN's instruction set or switching off the kernels that are wrong here,
 * or refusing to run.
 */
package org.slideseg.common.engine;
