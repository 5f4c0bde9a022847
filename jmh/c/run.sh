#!/bin/sh
# Builds and runs the C references of the kernel benchmarks (JacobiBenchmark, LjBenchmark, LeanMdPairsBenchmark) with
# gcc -O3 -march=native, one core. Usage: jmh/c/run.sh [extra gcc flags, e.g. -ffast-math]
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/charm4j-kernels-c
mkdir -p "$out"
CC=${CC:-gcc}
flags="-O3 -march=native $*"
$CC $flags -o "$out/jacobi" "$here/jacobi.c"
$CC $flags -o "$out/lj" "$here/lj.c" -lm
$CC $flags -o "$out/leanmd" "$here/leanmd.c" -lm
echo "# $($CC --version | head -1); flags: $flags"
echo "# 7-point Jacobi, n^3 block with ghosts"
"$out/jacobi"
echo "# Lennard-Jones, two cells of n atoms, cutoff 12 A"
"$out/lj"
echo "# LeanMD's physics.h loops on its own atoms: the middle cell of 3 x 3 x 3 with its 13 forward neighbours and itself (leanmd), the whole box (leanmd-box)"
"$out/leanmd"
