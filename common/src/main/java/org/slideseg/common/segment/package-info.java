/**
 * Running a model over the windows of a slide: read with mirror padding, batch, predict, keep each
 * window's valid centre. Used alike by Spark tasks and by validation during training.
 */
package org.slideseg.common.segment;
