/*! `shellgate approve`: not implemented yet. */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('shellgate approve: not implemented yet\n');
  return 2;
}
