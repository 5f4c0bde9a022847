/**
 * Charm++'s LeanMD mini-app in charm4j: Lennard-Jones molecular dynamics with a 3D chare array of cells, a 6D
 * sparse chare array of computes (one per pair of neighbouring cells), atoms moving between cells every 20 steps and
 * AtSync load balancing. {@link org.charm4j.apps.leanmd.LeanMd} is the main chare ({@code bin/charmrun leanmd});
 * {@link org.charm4j.apps.leanmd.Reference} runs the same simulation serially, for checks.
 */
package org.charm4j.apps.leanmd;
