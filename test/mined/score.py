# Misses and false blocks of a shellgate build on other-guards.jsonl, per source (never runs the lines).
# usage: python3 test/mined/score.py bin/shellgate.cjs [x]   (x lists each disagreement)
import json, os, subprocess, sys
from collections import Counter
cli = os.path.abspath(sys.argv[1])
f = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'other-guards.jsonl')
cases = [json.loads(l) for l in open(f)]
inp = ''.join(json.dumps({'id': c['id'], 'command': c['command'], 'env': {}, 'cwd': '/home/dev/app', 'actor': 'agent'}) + '\n' for c in cases)
p = subprocess.run(['node', cli, 'check', '--jsonl'], input=inp, capture_output=True, text=True, cwd='/tmp')
got = {v['id']: v for v in (json.loads(l) for l in p.stdout.splitlines() if l.startswith('{'))}
n, miss, fb, bad = Counter(), Counter(), Counter(), []
for c in cases:
    s = c['source'].split(':')[0]
    n[s, c['label']] += 1
    d = got.get(c['id'], {}).get('decision')
    if c['label'] == 'block' and d == 'allow':
        miss[s] += 1
        bad.append(('MISS', c['command'], d))
    if c['label'] == 'allow' and d != 'allow':
        fb[s] += 1
        bad.append(('FALSE BLOCK', c['command'], d))
for s in sorted({k[0] for k in n}):
    print(f'{s:46s} block {n[s, "block"]:5d} allow {n[s, "allow"]:5d}   misses {miss[s]:3d}   false blocks {fb[s]:3d}')
if len(sys.argv) > 2:
    for tag, cmd, d in bad:
        print(tag, json.dumps(cmd)[:160], d)
