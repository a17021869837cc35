/*
 * scope-exec: runs one program inside a Landlock domain that scopes abstract unix sockets and
 * signals (Landlock ABI 6, Linux 6.12+). Processes in the domain cannot connect to an abstract
 * unix socket made outside it (the session's D-Bus, X11's @/tmp/.X11-unix/X0, ...) nor send a
 * signal to a process outside it. No file system or network access is handled, so the program
 * (bubblewrap) may still mount and build its container.
 *
 *   scope-exec /abs/path/program [args...]   scope, then execv; never runs it unscoped
 *   scope-exec --probe                        scope this process, print the ABI, exit 0
 *
 * Exit status 125 (and a message on stderr): this kernel cannot scope (no Landlock, Landlock
 * disabled, ABI < 6) or a step failed; nothing was run. 127: the program could not be executed.
 * shellgate compiles this file with the system cc on first use (src/contain/scope-helper.ts).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The same numbers on every architecture; defined here so that old headers do. */
#define SYS_CREATE_RULESET 444
#define SYS_RESTRICT_SELF 446
#define CREATE_RULESET_VERSION (1U << 0)
#define SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define SCOPE_SIGNAL (1ULL << 1)
#define UNSCOPED 125

struct ruleset_attr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

static int unscoped(const char *why, int err) {
  fprintf(stderr, "shellgate scope-exec: %s%s%s; nothing was run\n", why, err ? ": " : "", err ? strerror(err) : "");
  return UNSCOPED;
}

int main(int argc, char **argv) {
  int probe = argc == 2 && strcmp(argv[1], "--probe") == 0;
  if (!probe && (argc < 2 || argv[1][0] != '/')) return unscoped("usage: scope-exec /absolute/program [args...] | --probe", 0);
  long abi = syscall(SYS_CREATE_RULESET, NULL, 0, CREATE_RULESET_VERSION);
  if (abi < 0 && errno == EOPNOTSUPP) return unscoped("Landlock is disabled on this kernel (add landlock to the lsm= boot parameter)", 0);
  if (abi < 0) return unscoped("this kernel has no Landlock (Linux 6.12 or later scopes abstract sockets)", errno);
  if (abi < 6) {
    fprintf(stderr, "shellgate scope-exec: Landlock ABI %ld < 6: ", abi);
    return unscoped("this kernel cannot scope abstract unix sockets and signals (Linux 6.12 or later can)", 0);
  }
  struct ruleset_attr attr = {0, 0, SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL};
  long fd = syscall(SYS_CREATE_RULESET, &attr, sizeof attr, 0);
  if (fd < 0) return unscoped("landlock_create_ruleset", errno);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return unscoped("prctl(PR_SET_NO_NEW_PRIVS)", errno);
  if (syscall(SYS_RESTRICT_SELF, (int)fd, 0) != 0) return unscoped("landlock_restrict_self", errno);
  close((int)fd);
  if (probe) {
    printf("%ld\n", abi);
    return 0;
  }
  execv(argv[1], argv + 1);
  fprintf(stderr, "shellgate scope-exec: cannot run %s: %s\n", argv[1], strerror(errno));
  return 127;
}
