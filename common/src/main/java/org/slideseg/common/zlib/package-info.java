/**
 * zlib streams (Deflate between zlib's header and Adler-32 check), as TIFF tiles and PNG image data
 * hold them: compressed and decompressed by Intel's ISA-L where it loads and passes a check at
 * first use, by the JDK's zlib elsewhere. Used by tasks and the driver alike.
 */
package org.slideseg.common.zlib;
