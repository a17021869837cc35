/*!
 * chmod modes that matter: the ones that set the set-user-ID bit, and the ones that open files up
 * or break them. A plain `chmod 600` or `chmod +x` changes nothing that matters.
 */

/** chmod modes that set the set-user-ID bit: `4755`, `6755`, `u+s`, `+s`, `a+s`. */
export function setsUid(mode: string): boolean {
  if (/^[0-7]{4}$/.test(mode)) return /[4-7]/.test(mode[0]);
  return mode.split(',').some(setUidClause);
}

function setUidClause(clause: string): boolean {
  const m = /^([ugoa]*)[+=]([rwxXst]*)$/.exec(clause);
  return !!m && m[2].includes('s') && (m[1] === '' || /[ua]/.test(m[1]));
}

/** chmod modes that open files up or break them: world-writable, setuid/setgid/sticky, or no permissions at all. */
export function riskyMode(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    return digits[0] !== '0' || /[2367]/.test(digits[3]) || /^0?000$/.test(mode);
  }
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return true;
    const [, who, op, perms] = m;
    // Taking read or execute away from everyone breaks what relies on it (`chmod -x /bin/chmod`, `chmod a-r f`);
    // from group and others (`chmod go-rwx key`), or taking write away, only protects.
    if (op === '-') return /[rx]/.test(perms) && (who === '' || /[ua]/.test(who));
    return /[st]/.test(perms) || (/w/.test(perms) && (who === '' || /[oa]/.test(who))) || (op === '=' && perms === '');
  });
}
