import * as fs from 'node:fs';
import { HELP, parseDrillArgs, UsageError } from './args';
import { PrerequisiteError, runDrill } from './drill';
import { CliCommand } from '../cli/command';

/**
 * `cdk-activemq-mesh drill [options]`: the report goes to stdout, progress to stderr.
 * Exit codes: 0 passed, 1 failed, 2 bad options, 3 ActiveMQ/Java missing, 130 interrupted.
 */
async function runDrillCommand(argv: readonly string[]): Promise<number> {
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

/** `cdk-activemq-mesh drill`. */
export const drillCommand: CliCommand = {
  name: 'drill',
  summary: 'run the generated broker configurations on local ActiveMQ, kill a broker, count the messages',
  run: runDrillCommand,
};
