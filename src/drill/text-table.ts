/** Label/value rows as the drill's report prints them: two-space indent, labels padded to the longest. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
}
