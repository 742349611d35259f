#!/usr/bin/env node
import * as fs from 'node:fs';
import { constants } from 'node:os';
import * as path from 'node:path';
import { COMMANDS } from './commands';
import { CliCommand, CliContext } from '../private/cli-command';

/** The top-level help: printed for a bare command, `--help` and `help`. */
export function topLevelHelp(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: cdk-activemq-mesh <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cdk-activemq-mesh <command> --help` for the options of a command; `--version` prints the version.',
    '',
  ].join('\n');
}

/** The package version, read from the package.json next to `lib/` (or `src/` in tests). */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  return String(pkg.version);
}

/** The process features `main` uses: signal and exit events, and exit. */
export interface CliHost {
  on(event: 'SIGINT' | 'SIGTERM' | 'exit', listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM' | 'exit', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

/** The shell's exit code for a process ended by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/**
 * Runs a command with signals handled here: the first SIGINT/SIGTERM aborts the command's signal (it stops
 * what it started and returns), a second one runs the exit hooks (SIGKILL of whatever is left) and exits at
 * once. The exit code of an interrupted command is 128 + the signal number.
 */
async function runCommand(command: CliCommand, argv: readonly string[], host: CliHost): Promise<number> {
  const controller = new AbortController();
  const hooks = new Set<() => void>();
  const runHooks = () => {
    for (const hook of [...hooks]) {
      try {
        hook();
      } catch {
        // a last resort must not keep the others from running
      }
    }
  };
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      process.stderr.write(`cdk-activemq-mesh: ${signal} again: killing every process now\n`);
      runHooks();
      host.exit(signalExitCode(received));
      return;
    }
    received = signal;
    process.stderr.write(`\ncdk-activemq-mesh: ${signal}: stopping every process the command started (${signal} again to force)\n`);
    controller.abort(signal);
  };
  const context: CliContext = {
    signal: controller.signal,
    addExitHook: (hook) => {
      hooks.add(hook);
      return () => {
        hooks.delete(hook);
      };
    },
  };
  host.on('SIGINT', onSignal);
  host.on('SIGTERM', onSignal);
  host.on('exit', runHooks);
  try {
    const code = await command.run(argv, context);
    return received === undefined ? code : signalExitCode(received);
  } finally {
    host.off('SIGINT', onSignal);
    host.off('SIGTERM', onSignal);
    host.off('exit', runHooks);
  }
}

/**
 * `cdk-activemq-mesh <command> …`: dispatches to a command. A bare command and `--help` print the help (exit 0),
 * `--version` the version; an unknown command exits 2.
 */
export async function main(argv: readonly string[], commands: readonly CliCommand[] = COMMANDS, host: CliHost = process): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(topLevelHelp(commands));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) {
    process.stderr.write(`cdk-activemq-mesh: unknown command '${first}': the commands are ${commands.map((c) => c.name).join(', ')}. Run with --help for usage.\n`);
    return 2;
  }
  return runCommand(command, rest, host);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
