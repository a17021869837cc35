/*! `shellgate explain`: not implemented yet. */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('shellgate explain: not implemented yet\n');
  return 2;
}
