/**
 * Synthesizes every app under examples/ the way the CDK CLI does (`CDK_OUTDIR`, one app after the other in this
 * process) and writes `<outdir>/templates.json`, a map `{ "<example>/<Stack>.template.json": template }` (stdout
 * carries the rule pack's reports). Run in a child process:
 *   node -r ts-node/register/transpile-only test/helpers/synth-examples.ts <outdir>
 * An example whose rule pack reports errors still writes its template (validation runs after synthesis).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const outdir = process.argv[2];
const templates: Record<string, unknown> = {};
for (const example of readdirSync(EXAMPLES).sort()) {
  const dir = path.join(outdir, example);
  mkdirSync(dir, { recursive: true });
  process.env.CDK_OUTDIR = dir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(EXAMPLES, example, 'app.ts'));
  } catch (e) {
    process.stderr.write(`${example}: ${(e as Error).message}\n`);
  }
  // Stacks of a Stage (and CDK Pipelines stages) are in nested assemblies: assembly-<stage>/.
  for (const file of readdirSync(dir, { recursive: true }).map(String).filter(f => f.endsWith('.template.json'))) {
    templates[`${example}/${file}`] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  }
}
process.exitCode = 0;
writeFileSync(path.join(outdir, 'templates.json'), JSON.stringify(templates));
