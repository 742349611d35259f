#!/usr/bin/env node
import * as fs from 'node:fs';
import { HELP, parseDrillArgs, UsageError } from './args';
import { PrerequisiteError, runDrill } from './drill';

/**
 * `cdk-activemq-mesh drill [options]`: the report goes to stdout, progress to stderr.
 * Exit codes: 0 passed, 1 failed, 2 bad options, 3 ActiveMQ/Java missing, 130 interrupted.
 */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseDrillArgs(argv);
  } catch (e) {
    process.stderr.write(`cdk-activemq-mesh: ${(e as Error).message}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    const result = await runDrill({ ...parsed.options, handleSignals: true });
    process.stdout.write(result.text);
    if (parsed.options.jsonFile) {
      process.stderr.write(`JSON report written to ${fs.realpathSync(parsed.options.jsonFile)}\n`);
    }
    return result.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cdk-activemq-mesh: ${e.message}\n`);
      return 2;
    }
    if (e instanceof PrerequisiteError) {
      process.stderr.write(`cdk-activemq-mesh: ${e.message}\n`);
      return 3;
    }
    process.stderr.write(`cdk-activemq-mesh: the drill failed: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
