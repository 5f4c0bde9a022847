/**
 * Port of Charm++'s stencil3d mini-app (a later issue).
 */
package org.charm4j.apps.stencil3d;
