#!/usr/bin/env python3
"""Medians of JMH kernel benchmarks (from -rf json) next to the C figures of run.sh.

Usage: summarize.py results.json [more.json ...] [--c c-output.txt [more.txt ...]]

For benchmarks with an AuxCounters metric (points, pairs) the median of that metric over the iterations is shown
(points/us = Mpoints/s); otherwise the median of the primary metric. Given several runs of the same benchmarks, each
row shows the best of the runs' medians (highest throughput, lowest time), and the C figure is the best of the C runs:
on a shared machine, interference only ever slows a run down. With C output, each row gets its ratio to C at the same
size (Jacobi: n; LJ: atoms).
"""
import json
import statistics
import sys


def c_figures(paths):
    figures = {}
    for path in paths:
        section = None
        for line in open(path):
            if line.startswith('# 7-point'):
                section = 'points'
            elif line.startswith('# Lennard'):
                section = 'pairs'
            elif section and line.strip() and line.split()[0].isdigit():
                key = (section, line.split()[0])
                figures[key] = max(figures.get(key, 0.0), float(line.split()[1]))
    return figures


def rows_of(path):
    for r in json.load(open(path)):
        name = r['benchmark'].rsplit('.', 2)
        bench = name[-2] + '.' + name[-1]
        params = r.get('params', {})
        param = ','.join(f'{k}={v}' for k, v in params.items())
        size = next(iter(params.values()), None)
        series = []
        for key in ('points', 'pairs'):
            sm = r.get('secondaryMetrics', {}).get(key)
            if sm:
                raw = [x for fork in sm['rawData'] for x in fork]
                if statistics.median(raw) > 0:
                    series.append((key, 'M' + key + '/s', raw))
        if not series:
            series.append(('primary', r['primaryMetric']['scoreUnit'],
                           [x for fork in r['primaryMetric']['rawData'] for x in fork]))
        for metric, unit, raw in series:
            yield (bench, param, metric, unit, size), statistics.median(raw)


def main():
    args = sys.argv[1:]
    cpaths = args[args.index('--c') + 1:] if '--c' in args else []
    jpaths = args[:args.index('--c')] if '--c' in args else args
    c = c_figures(cpaths)
    best = {}
    for path in jpaths:
        for key, med in rows_of(path):
            higher_is_better = not key[3].endswith('/op')
            if key not in best or (med > best[key]) == higher_is_better:
                best[key] = med
    for (bench, param, metric, unit, size), med in sorted(best.items(), key=lambda x: (x[0][0].split('.')[0],
                                                                                       x[0][1], x[0][0])):
        ratio = f'{med / c[(metric, size)]:.2f}x C' if (metric, size) in c else ''
        print(f'{bench:45s} {param:12s} {med:12.1f} {unit:12s} {ratio}')


if __name__ == '__main__':
    main()
