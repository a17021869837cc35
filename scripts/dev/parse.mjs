import { parseLine } from '../../dist/parser/index.js';
import { readFileSync, existsSync } from 'node:fs';
for (const s of process.argv.slice(2)) {
  const p = parseLine(s, { env: {}, cwd: '/home/dev/app', readFile: (f) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined) });
  console.log(JSON.stringify(s));
  for (const c of p.commands)
    console.log(
      '  ',
      c.program,
      JSON.stringify(c.argv.map((w) => w.value.replace(/\uFFFC/g, '<?>'))),
      c.origin,
      c.via.join('>'),
      c.span,
      c.stdin ? c.stdin.kind + ':' + JSON.stringify(c.stdin.text ?? '') : '',
      c.extraArgsUnknown ? 'EXTRA' : '',
    );
  for (const i of p.issues) console.log('   !', i.kind, i.message, i.span);
}
