#!/usr/bin/env python3
"""Medians of JMH kernel benchmarks (from -rf json) next to the C figures of run.sh.

Usage: summarize.py results.json [c-output.txt]
For benchmarks with an AuxCounters metric (points, pairs) the median of that metric per iteration is shown
(points/us = Mpoints/s); otherwise the median of the primary metric. With the C output, each row also gets its
ratio to C at the same size (Jacobi: n; LJ: atoms).
"""
import json
import statistics
import sys


def c_figures(path):
    figures, section = {}, None
    for line in open(path):
        if line.startswith('# 7-point'):
            section = 'points'
        elif line.startswith('# Lennard'):
            section = 'pairs'
        elif section and line.strip() and line.split()[0].isdigit():
            figures[(section, line.split()[0])] = float(line.split()[1])
    return figures


def main():
    data = json.load(open(sys.argv[1]))
    c = c_figures(sys.argv[2]) if len(sys.argv) > 2 else {}
    rows = []
    for r in data:
        name = r['benchmark'].rsplit('.', 2)
        bench = name[-2] + '.' + name[-1]
        param = ','.join(f'{k}={v}' for k, v in r.get('params', {}).items())
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
        size = next(iter(r.get('params', {}).values()), None)
        for metric, unit, raw in series:
            med = statistics.median(raw)
            ratio = f'{med / c[(metric, size)]:.2f}x C' if (metric, size) in c else ''
            rows.append((bench, param, med, unit, ratio))
    for bench, param, med, unit, ratio in sorted(rows, key=lambda x: (x[0].split('.')[0], x[1], x[0])):
        print(f'{bench:45s} {param:12s} {med:12.1f} {unit:12s} {ratio}')


if __name__ == '__main__':
    main()
