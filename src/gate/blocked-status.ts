/*! The exit status of a command shellgate-sh does not run: bash's "found but not executable". */
export const BLOCKED_STATUS = 126;
