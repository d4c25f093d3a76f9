#!/usr/bin/env python3
"""Every site in a run's leakwatch reports, grouped across forks by kind, state and first frame.

Usage: sites.py [-v] REPORT_OR_DIR...   (a directory means every leaks-*.json in it)

First one line per report (fork): pid (and its Maven module when run.sh's forks-ps.txt is next to the report
directory), open/leaked per kind, what it held apart (the JVM's, the test runner's, other agents', unused pools), agent
failures, and the test
classes its resources' stacks name. Then one entry per (kind, state, first stack frame), merging the reports' `sites`
of every fork: total count, in how many forks, how many distinct stacks, the test frames below it (the first frame
of a class named Test*, *Test, *Tests, *TestCase, *IT or *ITest; with how many resources each), the acquiring threads
(of the resources the report lists one by one) and one example description. -v lists every test frame, and the
stack of the entry's largest site.
"""
import collections
import glob
import json
import os
import re
import sys

TEST = re.compile(r'(^Test|Tests?$|TestCase$|IT$|ITest$)')


def test_frame(stack):
    for frame in stack:
        cls = frame.split('(')[0].rsplit('.', 1)[0].split('/')[-1].split('$')[0]
        if TEST.search(cls.rsplit('.', 1)[-1]):
            return frame
    return None


def held_apart(report):
    """What the report held apart from the application's: open per owner, and unused pools (older reports: the JVM's)."""
    a = report.get('heldApart') or {'jvm': report.get('jvmInternalOpen', 0)}
    return ' '.join(f"{k} {a[k]}" for k in ('jvm', 'runner', 'agents', 'unusedPools') if k in a)


def fork_modules(report_dir):
    """pid -> module directory, from the forks-ps.txt that run.sh leaves next to the report directory (if any)."""
    run = os.path.dirname(os.path.abspath(report_dir))
    found = {}
    if os.path.exists(os.path.join(run, 'forks-ps.txt')):
        for line in open(os.path.join(run, 'forks-ps.txt')):
            m = re.search(r'-jar (\S+)/target/surefire/surefirebooter', line)
            if m:
                found[int(line.split()[0])] = os.path.relpath(m.group(1), os.path.join(run, 'src'))
    return found


def main(args):
    verbose = '-v' in args
    paths = []
    for a in (a for a in args if a != '-v'):
        paths += sorted(glob.glob(os.path.join(a, 'leaks-*.json'))) if os.path.isdir(a) else [a]
    groups = {}
    for path in paths:
        r = json.load(open(path))
        module = fork_modules(os.path.dirname(path)).get(r['jvm']['pid'])
        tests = {t.split('(')[0].rsplit('.', 1)[0] for res in r['resources'] for t in [test_frame(res['stack'])] if t}
        counts = ' '.join(f"{k} {c['open']}/{c['leaked']}" for k, c in r['counts'].items() if c['open'] or c['leaked'])
        print(f"{os.path.basename(path)}: pid {r['jvm']['pid']}{f' (module {module})' if module else ''}, open/leaked: {counts or 'none'}, "
              f"held apart: {held_apart(r)}, agentFailures {r.get('agentFailures')}, "
              f"test classes in its stacks: {', '.join(sorted(tests)) if len(tests) <= 3 else len(tests)}")
        threads = collections.defaultdict(set)
        for res in r['resources']:
            threads[(res['kind'], res['state'], tuple(res['stack']))].add(res['thread'])
        for s in r['sites']:
            first = s['stack'][0] if s['stack'] else '(no stack recorded)'
            g = groups.setdefault((s['kind'], s['state'], first), {
                'forks': set(), 'count': 0, 'stacks': {}, 'examples': [], 'threads': set(),
                'tests': collections.Counter()})
            g['forks'].add(path)
            g['count'] += s['count']
            g['stacks'][tuple(s['stack'])] = g['stacks'].get(tuple(s['stack']), 0) + s['count']
            g['examples'] += [e for e in s.get('examples', []) if e not in g['examples']]
            g['threads'] |= threads[(s['kind'], s['state'], tuple(s['stack']))]
            g['tests'][test_frame(s['stack']) or '-'] += s['count']
    sites = sum(len(g['stacks']) for g in groups.values())
    print(f"\n{len(groups)} first frames ({sites} sites) in {len(paths)} reports")
    for (kind, state, first), g in sorted(groups.items(), key=lambda i: (i[0][0], i[0][1], -i[1]['count'], i[0][2])):
        tests = g['tests'].most_common()
        shown = tests if verbose else tests[:3]
        print(f"\n{kind} {state}: {g['count']} in {len(g['forks'])} fork(s), {len(g['stacks'])} stack(s)")
        print(f"    first frame: {first}")
        print(f"    tests: {'; '.join(f'{t} ({n})' for t, n in shown)}"
              f"{f'; and {len(tests) - len(shown)} more' if len(tests) > len(shown) else ''}")
        print(f"    threads: {', '.join(sorted(g['threads'])) or '-'}")
        print(f"    e.g. {g['examples'][0] if g['examples'] else '-'}")
        if verbose:
            print(''.join(f"      #{i} {f}\n" for i, f in enumerate(max(g['stacks'], key=g['stacks'].get))), end='')


if __name__ == '__main__':
    main(sys.argv[1:] or ['.'])
