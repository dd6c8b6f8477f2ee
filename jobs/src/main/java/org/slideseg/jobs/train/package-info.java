/** {@code slideseg train}: trains a U-Net of the family on image / label pairs. */
package org.slideseg.jobs.train;
