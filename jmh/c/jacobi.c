/*
 * The 7-point Jacobi update of Charm++'s stencil3d, one block of n^3 points with a ghost layer, x fastest;
 * the C reference for charm4j's Jacobi7 kernels (JacobiBenchmark). Prints million points per second per size,
 * the median of 5 timed runs of about 0.2 s each.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DIVIDEBY7 0.14285714285714285714

__attribute__((noinline))
static void jacobi(int nx, int ny, int nz, const double *in, double *out) {
    const int dy = nx + 2, dz = dy * (ny + 2);
    for (int k = 1; k <= nz; k++)
        for (int j = 1; j <= ny; j++) {
            const int row = k * dz + j * dy;
            for (int i = 1; i <= nx; i++) {
                const int c = row + i;
                out[c] = (in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c])
                    * DIVIDEBY7;
            }
        }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    const double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const int sizes[] = {8, 16, 32, 64, 128};
    double check = 0;
    printf("%-8s %12s\n", "n", "Mpoints/s");
    for (int s = 0; s < 5; s++) {
        const int n = sizes[s];
        const size_t len = (size_t) (n + 2) * (n + 2) * (n + 2);
        double *in = aligned_alloc(64, (len * 8 + 63) / 64 * 64);
        double *out = aligned_alloc(64, (len * 8 + 63) / 64 * 64);
        srand(42);
        for (size_t i = 0; i < len; i++) {
            in[i] = rand() / (double) RAND_MAX;
            out[i] = 0;
        }
        long reps = 1;
        for (;;) { /* calibrate to ~0.2 s; also warms up */
            const double t0 = now();
            for (long r = 0; r < reps; r++) jacobi(n, n, n, in, out);
            if (now() - t0 > 0.2) break;
            reps *= 2;
        }
        double rates[5];
        for (int m = 0; m < 5; m++) {
            const double t0 = now();
            for (long r = 0; r < reps; r++) jacobi(n, n, n, in, out);
            rates[m] = (double) n * n * n * reps / (now() - t0) / 1e6;
        }
        qsort(rates, 5, sizeof(double), cmp);
        check += out[len / 2];
        printf("%-8d %12.1f\n", n, rates[2]);
        free(in);
        free(out);
    }
    fprintf(stderr, "checksum %g\n", check);
    return 0;
}
