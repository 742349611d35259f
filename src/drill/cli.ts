import * as fs from 'node:fs';
import { HELP, parseDrillArgs, UsageError } from './args';
import { runDrill } from './drill';
import { PrerequisiteError } from './prerequisites';
import { DrillInterrupted } from './processes';
import { CliCommand, CliContext } from '../private/cli-command';

/**
 * `cdk-activemq-mesh drill [options]`: the report goes to stdout, progress and errors to stderr.
 * Exit codes: 0 passed, 1 failed, 2 bad options, 3 ActiveMQ/Java missing, 130/143 interrupted (main.ts).
 */
async function runDrillCommand(argv: readonly string[], context: CliContext): Promise<number> {
  try {
    const parsed = parseDrillArgs(argv);
    if (parsed.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const result = await runDrill({ ...parsed.options, signal: context.signal, addExitHook: context.addExitHook });
    process.stdout.write(result.text);
    if (parsed.options.jsonFile) {
      process.stderr.write(`JSON report written to ${fs.realpathSync(parsed.options.jsonFile)}\n`);
    }
    return result.exitCode;
  } catch (e) {
    if (e instanceof UsageError || e instanceof PrerequisiteError) {
      process.stderr.write(`cdk-activemq-mesh: ${e.message}\n`);
      return e instanceof UsageError ? 2 : 3;
    }
    if (e instanceof DrillInterrupted) {
      process.stderr.write('cdk-activemq-mesh: the drill was interrupted; every process it started is stopped.\n');
      return 130;
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
