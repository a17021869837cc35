/*
 * Issue 15 as properties (fast-check): for any way of building the line out of the mechanism's
 * parts, the verdict is not `allow`. The pieces are split at random points, joined by different
 * tools and aimed at different targets, so that no single spelling is what passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

/** `word` cut into 1–3 string literals joined by `op` (`"sys" + "tem"`). */
const split = (word: string, quote: string, op: string) =>
  fc.array(fc.integer({ min: 1, max: word.length - 1 }), { minLength: 1, maxLength: 2 }).map((cuts) => {
    const at = [...new Set(cuts)].sort((a, b) => a - b);
    const parts = [0, ...at].map((c, i) => word.slice(c, at[i] ?? word.length));
    return parts.map((p) => `${quote}${p}${quote}`).join(op);
  });

async function neverAllowed(arb: fc.Arbitrary<string>, runs = 150): Promise<void> {
  const engine = await builtinEngine();
  fc.assert(
    fc.property(arb, (line) => {
      expect(engine.classify(line, BASE_CTX).decision, line).not.toBe('allow');
    }),
    { numRuns: runs },
  );
}

describe('issue 15: mechanisms, not spellings', () => {
  it('emptying a file outside the project, whichever tool does it', async () => {
    const targets = fc.constantFrom(
      '~/.bashrc',
      '~/.ssh/authorized_keys',
      '/home/dev/.gitconfig',
      '/etc/hosts',
      '/srv/app/data.db',
      '../other-repo/src/main.go',
      '/home/dev/notes/todo.md',
    );
    const tools: ((t: string) => string)[] = [
      (t) => `: > ${t}`,
      (t) => `> ${t}`,
      (t) => `true > ${t}`,
      (t) => `echo -n > ${t}`,
      (t) => `printf '' > ${t}`,
      (t) => `cat /dev/null > ${t}`,
      (t) => `cp /dev/null ${t}`,
      (t) => `cp -f /dev/null ${t}`,
      (t) => `install /dev/null ${t}`,
      (t) => `ln -sf /dev/null ${t}`,
      (t) => `mv -f /dev/null ${t}`,
      (t) => `sort -o ${t} /dev/null`,
      (t) => `tee ${t} < /dev/null`,
      (t) => `: | tee ${t}`,
      (t) => `dd if=/dev/null of=${t}`,
      (t) => `sed -i d ${t}`,
      (t) => `sed -i '1,$d' ${t}`,
      (t) => `ex -sc '%d|x' ${t}`,
      (t) => `vim -es -c '%d' -c wq ${t}`,
      (t) => `truncate -s 0 ${t}`,
    ];
    await neverAllowed(
      fc.tuple(fc.constantFrom(...tools), targets).map(([tool, t]) => tool(t)),
      300,
    );
  });

  it('a command hidden in text that bash turns into code', async () => {
    const cmd = fc.constantFrom('rm -rf ~', 'git reset --hard', 'dd if=/dev/zero of=/dev/sda');
    const ways: ((c: string) => fc.Arbitrary<string>)[] = [
      (c) => fc.constant(`x='$(${c})'; echo "\${x@P}"`),
      (c) => fc.constant(`x='\`${c}\`'; : \${x@P}`),
      (c) => fc.constant(`printf -v v '%s' '${c}'; $v`),
      (c) => fc.integer({ min: 1, max: c.length - 1 }).map((k) => `printf -v v '%s%s' '${c.slice(0, k)}' '${c.slice(k)}'; eval "$v"`),
      (c) => fc.constant(`let "a[\\$(${c})]=1"`),
    ];
    await neverAllowed(cmd.chain((c) => fc.constantFrom(...ways).chain((w) => w(c))));
  });

  it('inline code that builds the name of a dangerous call', async () => {
    const py = fc
      .tuple(fc.constantFrom('system', 'popen', 'remove', 'rmtree'), fc.constantFrom('os', 'shutil'), fc.constantFrom("'", '"'))
      .chain(([name, mod, q]) =>
        split(name, q, fc.sample(fc.constantFrom(' + ', '+'), 1)[0]!).map(
          (built) => `python3 -c "import ${mod}; getattr(${mod}, ${built.replace(/"/g, "'")})('x')"`,
        ),
      );
    const js = fc
      .tuple(fc.constantFrom('rmSync', 'execSync', 'unlinkSync'), fc.constantFrom('fs', 'child_process'))
      .chain(([name, mod]) => split(name, '"', ' + ').map((built) => `node -e 'require("${mod}")[${built}]("x")'`));
    await neverAllowed(fc.oneof(py, js));
  });

  it('destructive SQL run through dynamic SQL', async () => {
    const stmt = fc.constantFrom('DROP TABLE users', 'TRUNCATE orders', 'DELETE FROM accounts');
    const ways: ((s: string) => string)[] = [
      (s) => `psql -c "DO \\$\\$ BEGIN EXECUTE '${s}'; END \\$\\$"`,
      (s) => `psql -c "DO \\$\\$ BEGIN ${s}; END \\$\\$"`,
      (s) => `psql -c "PREPARE p AS ${s}; EXECUTE p"`,
      (s) => `psql -c "EXPLAIN ANALYZE ${s}"`,
      (s) => `psql -c "SELECT dblink_exec('dbname=app', '${s}')"`,
      (s) => `psql -v q='${s}' -c ':q'`,
      (s) => `mysql -e "SET @q = '${s}'; PREPARE x FROM @q; EXECUTE x"`,
    ];
    await neverAllowed(
      fc.tuple(fc.constantFrom(...ways), stmt).map(([w, s]) => w(s)),
      100,
    );
  });

  it('a DELETE that curl only learns from its configuration', async () => {
    const url = fc.constantFrom('https://api.example.com/v1/users/7', 'https://backboard.railway.app/graphql/v2');
    const ways: ((u: string) => string)[] = [
      (u) => `curl -K - ${u} <<< 'request = DELETE'`,
      (u) => `printf -- '-X DELETE\\n' | curl --config - ${u}`,
      (u) => `echo 'request = "DELETE"' > /tmp/c.conf; curl -K /tmp/c.conf ${u}`,
      (u) => `curl --variable m=DELETE --expand-request '{{m}}' ${u}`,
      (u) => `curl --config ./unreadable.conf ${u}`,
    ];
    await neverAllowed(
      fc.tuple(fc.constantFrom(...ways), url).map(([w, u]) => w(u)),
      60,
    );
  });

  it("any write to an agent's hook settings", async () => {
    const file = fc.constantFrom(
      '.claude/settings.json',
      '.claude/settings.local.json',
      '.gemini/settings.json',
      '.cursor/hooks.json',
      '.codex/hooks.json',
      '.github/hooks/guard.json',
      '~/.claude/settings.json',
    );
    const writers: ((f: string) => string)[] = [
      (f) => `echo '{}' > ${f}`,
      (f) => `cp /tmp/x.json ${f}`,
      (f) => `mv /tmp/x.json ${f}`,
      (f) => `rm -f ${f}`,
      (f) => `sed -i 's/a/b/' ${f}`,
      (f) => `tee ${f} <<< '{}'`,
      (f) => `ln -sf /dev/null ${f}`,
      (f) => `truncate -s 0 ${f}`,
      (f) => `chmod u+w ${f}`,
      (f) => `jq . x > ${f}`,
      (f) => `python3 -c "open('${f}', 'w').write('{}')"`,
    ];
    await neverAllowed(
      fc.tuple(fc.constantFrom(...writers), file).map(([w, f]) => w(f)),
      200,
    );
  });
});
