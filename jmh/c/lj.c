/*
 * Lennard-Jones forces between two cells of atoms with a cutoff (LeanMD's pair loop), structure of arrays, the C
 * reference for charm4j's LennardJones kernels (LjBenchmark). Same formula, constants and cell geometry as the
 * Java benchmark. Prints million pairs per second (pairs examined, na * nb per call), median of 5 runs of ~0.2 s.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((noinline))
static double forces(int na, int nb, double cutoff2, double a, double b, const double *pa, double *fa,
                     const double *pb, double *fb) {
    const double a12 = 12 * a, b6 = 6 * b;
    double energy = 0;
    for (int i = 0; i < na; i++) {
        const double xi = pa[i], yi = pa[na + i], zi = pa[2 * na + i];
        double fx = 0, fy = 0, fz = 0;
        for (int j = 0; j < nb; j++) {
            const double dx = xi - pb[j], dy = yi - pb[nb + j], dz = zi - pb[2 * nb + j];
            const double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < cutoff2) {
                const double inv2 = 1.0 / r2, inv6 = inv2 * inv2 * inv2;
                const double f = inv2 * inv6 * (a12 * inv6 - b6);
                energy += inv6 * (a * inv6 - b);
                fx += f * dx;
                fy += f * dy;
                fz += f * dz;
                fb[j] -= f * dx;
                fb[nb + j] -= f * dy;
                fb[2 * nb + j] -= f * dz;
            }
        }
        fa[i] += fx;
        fa[na + i] += fy;
        fa[2 * na + i] += fz;
    }
    return energy;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *x, const void *y) {
    const double p = *(const double *) x, q = *(const double *) y;
    return p < q ? -1 : p > q;
}

/* A uniform double in [0, 1) from a 64-bit LCG; LjBenchmark draws the same sequence. */
static double next(uint64_t *seed) {
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (*seed >> 11) * 0x1.0p-53;
}

/* Atoms uniformly in a 12 A cube at x0 along x (the same cells as LjBenchmark's). */
static double *cell(int n, double x0, uint64_t *seed) {
    double *p = aligned_alloc(64, (3 * n * 8 + 63) / 64 * 64);
    for (int i = 0; i < 3 * n; i++) {
        p[i] = (i < n ? x0 : 0) + 12.0 * next(seed);
    }
    return p;
}

int main(void) {
    const int sizes[] = {100, 200, 300};
    const double eps = 0.238, sigma = 3.4, cutoff = 12.0;
    const double a = 4 * eps * pow(sigma, 12), b = 4 * eps * pow(sigma, 6);
    double check = 0;
    printf("%-8s %12s\n", "atoms", "Mpairs/s");
    for (int s = 0; s < 3; s++) {
        const int n = sizes[s];
        uint64_t seed = 42;
        double *pa = cell(n, 0, &seed), *pb = cell(n, 12, &seed);
        double *fa = calloc(3 * n, 8), *fb = calloc(3 * n, 8);
        long reps = 1;
        for (;;) {
            const double t0 = now();
            for (long r = 0; r < reps; r++) check += forces(n, n, cutoff * cutoff, a, b, pa, fa, pb, fb);
            if (now() - t0 > 0.2) break;
            reps *= 2;
        }
        double rates[5];
        for (int m = 0; m < 5; m++) {
            const double t0 = now();
            for (long r = 0; r < reps; r++) check += forces(n, n, cutoff * cutoff, a, b, pa, fa, pb, fb);
            rates[m] = (double) n * n * reps / (now() - t0) / 1e6;
        }
        qsort(rates, 5, sizeof(double), cmp);
        printf("%-8d %12.1f\n", n, rates[2]);
        free(pa); free(pb); free(fa); free(fb);
    }
    fprintf(stderr, "checksum %g\n", check);
    return 0;
}
