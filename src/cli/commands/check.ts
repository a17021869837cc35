/*! `shellgate check`: placeholder until the engine lands. */
export async function run(_args: string[]): Promise<number> {
  return 2;
}
