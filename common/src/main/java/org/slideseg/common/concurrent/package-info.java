/** The threads slideseg starts for its own work, on the driver and in tasks. */
package org.slideseg.common.concurrent;
