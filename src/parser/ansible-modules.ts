/*!
 * Ansible ad-hoc modules that change files and users, written as the shell command that does the
 * same on each host, so the usual rules judge them: `-m file -a 'path=/etc state=absent'` is
 * `rm -rf /etc`, `-m user -a 'name=dev state=absent remove=yes'` is `userdel -r dev`, and
 * `-m copy -a 'dest=~/.ssh/authorized_keys …'` writes over its destination, `-m reboot` is `reboot`.
 */

function quote(v: string): string {
  return /^[\w@%+=:,./~-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** `k=v k2="v 2"` module arguments. */
function moduleArgs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)=(?:"([^"]*)"|'([^']*)'|(\S*))/g)) out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

export function ansibleEquivalent(module: string, args: string): string | null {
  const name = module.replace(/^(ansible\.(builtin|posix)|community\.general)\./, '');
  const a = moduleArgs(args);
  switch (name) {
    case 'file': {
      const path = a.path ?? a.dest ?? a.name;
      return path && a.state === 'absent' ? `rm -rf ${quote(path)}` : null;
    }
    case 'user':
      return a.name && a.state === 'absent' ? `userdel ${a.remove === 'yes' || a.remove === 'true' ? '-r ' : ''}${quote(a.name)}` : null;
    case 'group':
      return a.name && a.state === 'absent' ? `groupdel ${quote(a.name)}` : null;
    case 'copy':
    case 'template':
      return a.dest ? `cp ansible-${name}-source ${quote(a.dest)}` : null;
    case 'lineinfile':
    case 'blockinfile':
    case 'replace':
      return a.path || a.dest ? `sed -i ansible-edit ${quote((a.path ?? a.dest)!)}` : null;
    case 'service':
    case 'systemd':
      return a.name && (a.state === 'stopped' || a.enabled === 'no') ? `systemctl stop ${quote(a.name)}` : null;
    case 'reboot':
      return 'reboot';
    case 'shutdown':
      return 'shutdown -h now';
    default:
      return null;
  }
}
