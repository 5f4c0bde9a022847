#!/usr/bin/env python3
"""The 7-point Jacobi sweep of charm4j's GpuBench written with CuPy, timed the same way, for the same machine and
run: the array-expression form a CuPy user writes (one kernel per operation), and the same sum as one RawKernel.
Prints key: value lines. Usage: cupy_stencil.py [--sizes 256,512] [--reps 20]"""
import argparse
import statistics
import sys

try:
    import cupy as cp
except ImportError as e:  # the GPU machine has CuPy; say so where it has not
    print("cupy: unavailable (%s)" % e)
    sys.exit(2)

DIVIDEBY7 = 0.14285714285714285714

RAW = cp.RawKernel(r'''
extern "C" __global__ void jacobi(const double* in, double* out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x + 1;
    int j = blockIdx.y + 1;
    int k = blockIdx.z + 1;
    if (i > n) return;
    long dy = n + 2, dz = (long) (n + 2) * (n + 2);
    long c = k * dz + j * dy + i;
    out[c] = (in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c])
        * 0.14285714285714285714;
}''', 'jacobi', options=('--fmad=false',))


def expression(a, b):
    b[1:-1, 1:-1, 1:-1] = (a[1:-1, 1:-1, :-2] + a[1:-1, 1:-1, 2:] + a[1:-1, :-2, 1:-1] + a[1:-1, 2:, 1:-1]
                           + a[:-2, 1:-1, 1:-1] + a[2:, 1:-1, 1:-1] + a[1:-1, 1:-1, 1:-1]) * DIVIDEBY7


def raw(a, b, n):
    RAW(((n + 127) // 128, n, n), (128, 1, 1), (a, b, cp.int32(n)))


def timed(fn, reps):
    start, end = cp.cuda.Event(), cp.cuda.Event()
    times = []
    for _ in range(5):
        start.record()
        for _ in range(reps):
            fn()
        end.record()
        end.synchronize()
        times.append(cp.cuda.get_elapsed_time(start, end) / reps)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--sizes', default='256,512')
    p.add_argument('--reps', type=int, default=20)
    args = p.parse_args()
    print("cupy: %s, device %s" % (cp.__version__, cp.cuda.runtime.getDeviceProperties(0)['name'].decode()))
    for n in [int(s) for s in args.sizes.split(',')]:
        a = cp.random.random((n + 2, n + 2, n + 2))
        b = cp.zeros_like(a)
        c = cp.zeros_like(a)
        expression(a, b)
        raw(a, c, n)
        cp.cuda.Device().synchronize()
        same = bool(cp.all(b[1:-1, 1:-1, 1:-1] == c[1:-1, 1:-1, 1:-1]))
        te = timed(lambda: expression(a, b), args.reps)
        tr = timed(lambda: raw(a, c, n), args.reps)
        tc = timed(lambda: cp.copyto(c, a), args.reps)
        gb = 2.0 * (n + 2) ** 3 * 8 / 1e9
        print("cupy jacobi %d^3: array expression %.4f ms (%.1f GB/s), RawKernel %.4f ms (%.1f GB/s), copy %.4f ms"
              " (%.1f GB/s); the two equal to the bit: %s" % (n, te, gb / te * 1e3, tr, gb / tr * 1e3, tc,
                                                             gb / tc * 1e3, same))


if __name__ == '__main__':
    main()
