/**
 * Internals of kernel specialization: reading a kernel's bytecode and checking it, building specialized hidden
 * classes with the ClassFile API, and the bounded cache of specializations. Not an API.
 */
package org.charm4j.kernels.internal;
