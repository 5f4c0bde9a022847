/**
 * A small OpenCL 1.2 binding over {@code java.lang.foreign}: find a device, compile OpenCL C, wrap off-heap memory as
 * buffers, set kernel arguments and enqueue kernels asynchronously; no JNI, no native code of our own.
 *
 * <p>{@link org.charm4j.gpu.opencl.OpenCl} holds the raw downcalls; {@link org.charm4j.gpu.opencl.OpenClDevice} is the
 * entry point. Every call that returns an OpenCL error throws {@link org.charm4j.gpu.opencl.OpenClException} naming the
 * function and the error. The JVM needs {@code --enable-native-access=ALL-UNNAMED} (charm4j's JVM flags have it).
 */
package org.charm4j.gpu.opencl;
