/**
 * The scaling scripts' plots (bin/scale-stencil3d, bin/scale-leanmd): PNG charts drawn with XChart, headless.
 */
package org.charm4j.apps.stencil3d.plots;
