/*!
 * Commands left reading the terminal (stdin-readers.ts): refused for agents that can type into a
 * running command without the hook seeing it; everyday commands are not readers.
 */
import { describe, expect, it } from 'vitest';
import { terminalReader } from '../../src/hooks/stdin-readers.js';

const READERS = [
  'bash',
  'bash -i',
  'sh -s',
  'zsh',
  'env bash',
  'sudo -i',
  'python3',
  'python3 -i x.py',
  'node',
  'psql',
  'psql mydb',
  'mysql -u root app',
  'sqlite3 app.db',
  'redis-cli',
  'ssh prod',
  'ssh -p 22 deploy@prod',
  'vim notes.txt',
  'tmux new -s x',
  'cat | bash',
  'cd /srv && bash',
  'irb',
  'su - deploy',
  'gdb ./server',
  'perl',
];
const NOT = [
  'bash -c "npm test"',
  'bash build.sh',
  'bash <<EOF\necho hi\nEOF',
  'python3 -c "print(1)"',
  'python3 -m pytest',
  'python3 manage.py test',
  'node --version',
  'node index.js',
  'psql -c "select 1"',
  'psql -f schema.sql',
  'mysql -e "show tables"',
  'sqlite3 app.db "select 1"',
  'redis-cli GET k',
  'ssh prod uptime',
  'ssh -N -L 5432:db:5432 bastion',
  'git status',
  'npm test',
  'make',
  'echo "bash" > x',
  'sudo apt-get install -y jq',
  'bash --version',
  'sh < script.sh',
  'su -c "id" deploy',
  'perl -e "print 1"',
];

describe('commands left reading the terminal', () => {
  it.each(READERS)('%s', (line) => expect(terminalReader(line, '/work/app')).toBeDefined());
});

describe('commands that run and end', () => {
  it.each(NOT)('%s', (line) => expect(terminalReader(line, '/work/app')).toBeUndefined());
});
