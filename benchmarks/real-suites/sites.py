#!/usr/bin/env python3
"""Every site in a run's leakwatch reports, grouped across forks.

Usage: sites.py [-v] REPORT_OR_DIR...   (a directory means every leaks-*.json in it; -v prints whole stacks)

First one line per report (fork): pid, open/leaked per kind, JVM-internal resources, agent failures, and the test
classes its stacks name. Then every site, a site being (kind, state, stack) as in the reports' `sites`, merged
across forks: kind, state, forks it is in, total count, its first frame, its first frame in a test class (a class
named Test*, *Test, *Tests, *TestCase, *IT or *ITest), the acquiring threads and one example description.
"""
import glob
import json
import os
import re
import sys

TEST = re.compile(r'(^Test|Tests?$|TestCase$|IT$|ITest$)')


def test_frame(stack):
    """The first frame whose top-level class name looks like a test class's."""
    for frame in stack:
        cls = frame.split('(')[0].rsplit('.', 1)[0].split('/')[-1].split('$')[0]
        if TEST.search(cls.rsplit('.', 1)[-1]):
            return frame
    return None


def main(args):
    verbose = '-v' in args
    paths = []
    for a in (a for a in args if a != '-v'):
        paths += sorted(glob.glob(os.path.join(a, 'leaks-*.json'))) if os.path.isdir(a) else [a]
    sites = {}
    for path in paths:
        r = json.load(open(path))
        tests = {test_frame([f]).split('(')[0].rsplit('.', 1)[0]
                 for res in r['resources'] for f in res['stack'] if test_frame([f])}
        counts = ' '.join(f"{k} {c['open']}/{c['leaked']}" for k, c in r['counts'].items() if c['open'] or c['leaked'])
        print(f"{os.path.basename(path)}: pid {r['jvm']['pid']}, open/leaked: {counts or 'none'}, "
              f"jvmInternalOpen {r['jvmInternalOpen']}, agentFailures {r.get('agentFailures')}, "
              f"test classes in its stacks: {', '.join(sorted(tests)) if len(tests) <= 3 else len(tests)}")
        for s in r['sites']:
            key = (s['kind'], s['state'], tuple(s['stack']))
            g = sites.setdefault(key, {'forks': set(), 'count': 0, 'examples': [], 'threads': set()})
            g['forks'].add(path)
            g['count'] += s['count']
            g['examples'] += [e for e in s.get('examples', []) if e not in g['examples']]
            g['threads'] |= {res['thread'] for res in r['resources']
                             if (res['kind'], res['state'], tuple(res['stack'])) == key}
    print(f"\n{len(sites)} sites in {len(paths)} reports")
    for (kind, state, stack), g in sorted(sites.items(), key=lambda i: (i[0][0], i[0][1], -i[1]['count'])):
        print(f"\n{kind} {state}: {g['count']} in {len(g['forks'])} fork(s)")
        print(f"    first frame: {stack[0] if stack else '(no stack recorded)'}")
        print(f"    test: {test_frame(stack) or '-'}")
        print(f"    threads: {', '.join(sorted(g['threads'])) or '-'}")
        print(f"    e.g. {g['examples'][0] if g['examples'] else '-'}")
        if verbose:
            print(''.join(f"      #{i} {f}\n" for i, f in enumerate(stack)), end='')


if __name__ == '__main__':
    main(sys.argv[1:] or ['.'])
