/*
 * LeanMD's pair loops as Charm++'s physics.h writes them (calcPairForces, calcInternalForces: interleaved x y z per
 * atom, the cutoff and 0.001 guard, sqrt and the three divisions), on LeanMD's own atoms: the cells of a 3 x 3 x 3
 * box placed as Charm++'s Cell constructor places them (srand48 seeded with the cell's number, six drand48 draws per
 * atom), 300 atoms per cell. One "step" is the work of the middle cell's 14 computes: the pairs with its 13 forward
 * neighbours and the pairs within it, as LeanMdPairsBenchmark.cellsComputes runs them; then ("leanmd-box") a step of
 * the whole box, every cell's 14 computes with the periodic shifts, as LeanMdPairsBenchmark.boxComputes runs them.
 * Rate in million pairs examined per second, the median of 5. Written for the comparison here, not copied from Charm++.
 */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 300
#define CELL 16.0
#define CUT2 (12.0 * 12.0)
#define VDW_A (1.60694452 * 1e-134)
#define VDW_B (1.031093844 * 1e-77)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    const double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double *cell(int x, int y, int z) {
    double *p = malloc(3 * N * sizeof(double));
    srand48(x + 3 * (y + 3 * z));
    for (int i = 0; i < N; i++) {
        p[3 * i] = drand48() * CELL + x * CELL;
        p[3 * i + 1] = drand48() * CELL + y * CELL;
        p[3 * i + 2] = drand48() * CELL + z * CELL;
        drand48(); drand48(); drand48();   /* the velocity draws */
    }
    return p;
}

static double pair_shifted(const double *p1, const double *p2, double *f1, double *f2, double sx, double sy,
                           double sz) {
    double energy = 0;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            const double dx = p1[3 * i] + sx - p2[3 * j], dy = p1[3 * i + 1] + sy - p2[3 * j + 1],
                dz = p1[3 * i + 2] + sz - p2[3 * j + 2];
            double rsqd = dx * dx + dy * dy + dz * dz;
            if (rsqd >= 0.001 && rsqd < CUT2) {
                rsqd = rsqd * 1e-20;
                const double r = sqrt(rsqd), rSix = rsqd * rsqd * rsqd, rTwelve = rSix * rSix;
                const double f = VDW_A / rTwelve - VDW_B / rSix;
                energy += f;
                const double fr = f / r * 1e-10;
                f1[3 * i] += dx * fr; f1[3 * i + 1] += dy * fr; f1[3 * i + 2] += dz * fr;
                f2[3 * j] -= dx * fr; f2[3 * j + 1] -= dy * fr; f2[3 * j + 2] -= dz * fr;
            }
        }
    }
    return energy;
}

static double pair(const double *p1, const double *p2, double *f1, double *f2) {
    return pair_shifted(p1, p2, f1, f2, 0, 0, 0);
}

/* Charm++'s wrap-around in calcPairForces: cells more than one apart are moved by the box's length (3 cells). */
static double shift(int first, int second) {
    return abs(first - second) <= 1 ? 0 : second < first ? -3 * CELL : 3 * CELL;
}

static double self(const double *p, double *f) {
    double energy = 0;
    for (int i = 0; i < N; i++) {
        for (int j = i + 1; j < N; j++) {
            const double dx = p[3 * i] - p[3 * j], dy = p[3 * i + 1] - p[3 * j + 1], dz = p[3 * i + 2] - p[3 * j + 2];
            double rsqd = dx * dx + dy * dy + dz * dz;
            if (rsqd >= 0.001 && rsqd < CUT2) {
                rsqd = rsqd * 1e-20;
                const double r = sqrt(rsqd), rSix = rsqd * rsqd * rsqd, rTwelve = rSix * rSix;
                const double e = VDW_A / rTwelve - VDW_B / rSix;
                energy += e;
                const double fr = e / r * 1e-10;
                f[3 * j] += dx * fr; f[3 * j + 1] += dy * fr; f[3 * j + 2] += dz * fr;
                f[3 * i] -= dx * fr; f[3 * i + 1] -= dy * fr; f[3 * i + 2] -= dz * fr;
            }
        }
    }
    return energy;
}

int main(void) {
    double *mid = cell(1, 1, 1), *fm = calloc(3 * N, sizeof(double)), *fo = calloc(3 * N, sizeof(double));
    double *nb[13];
    int k = 0;
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
            for (int dz = -1; dz <= 1; dz++)
                if (dx > 0 || (dx == 0 && (dy > 0 || (dy == 0 && dz > 0)))) nb[k++] = cell(1 + dx, 1 + dy, 1 + dz);
    const double pairs = 13.0 * N * N + N * (N - 1) / 2.0;
    double check = 0;
    long reps = 1;
    for (;;) {
        const double t0 = now();
        for (long r = 0; r < reps; r++) {
            for (int c = 0; c < 13; c++) check += pair(mid, nb[c], fm, fo);
            check += self(mid, fm);
        }
        if (now() - t0 > 0.2) break;
        reps *= 2;
    }
    double rates[5];
    for (int m = 0; m < 5; m++) {
        const double t0 = now();
        for (long r = 0; r < reps; r++) {
            for (int c = 0; c < 13; c++) check += pair(mid, nb[c], fm, fo);
            check += self(mid, fm);
        }
        rates[m] = pairs * reps / (now() - t0) / 1e6;
    }
    qsort(rates, 5, sizeof(double), cmp);
    printf("%-12s %12.1f\n", "leanmd", rates[2]);

    /* The whole box, as LeanMdPairsBenchmark.boxComputes: every cell with its 13 forward neighbours (wrapped, with
     * Charm++'s shift) and itself, fresh (zeroed) forces per compute; no two consecutive pair loops see the same atoms. */
    double *box[27];
    for (int x = 0; x < 3; x++)
        for (int y = 0; y < 3; y++)
            for (int z = 0; z < 3; z++) box[x + 3 * (y + 3 * z)] = cell(x, y, z);
    const double boxPairs = 27 * pairs;
    double boxRates[5];
    for (int m = 0; m < 6; m++) {
        const double t0 = now();
        for (int x = 0; x < 3; x++)
            for (int y = 0; y < 3; y++)
                for (int z = 0; z < 3; z++) {
                    double *me = box[x + 3 * (y + 3 * z)];
                    for (int dx = -1; dx <= 1; dx++)
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dz = -1; dz <= 1; dz++) {
                                if (!(dx > 0 || (dx == 0 && (dy > 0 || (dy == 0 && dz > 0))))) continue;
                                const int px = (x + dx + 3) % 3, py = (y + dy + 3) % 3, pz = (z + dz + 3) % 3;
                                for (int k = 0; k < 3 * N; k++) fm[k] = fo[k] = 0;
                                check += pair_shifted(me, box[px + 3 * (py + 3 * pz)], fm, fo, shift(x, px),
                                                      shift(y, py), shift(z, pz));
                            }
                    for (int k = 0; k < 3 * N; k++) fm[k] = 0;
                    check += self(me, fm);
                }
        if (m > 0) boxRates[m - 1] = boxPairs / (now() - t0) / 1e6;
    }
    qsort(boxRates, 5, sizeof(double), cmp);
    printf("%-12s %12.1f\n", "leanmd-box", boxRates[2]);
    fprintf(stderr, "checksum %g\n", check);
    return 0;
}
