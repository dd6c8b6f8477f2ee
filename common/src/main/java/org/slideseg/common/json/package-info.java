/** JSON helpers shared by the library and the jobs. */
package org.slideseg.common.json;
