/**
 * GPU back ends: translation of @Kernel bytecode to OpenCL C and CUDA C (a later issue).
 */
package org.charm4j.gpu;
