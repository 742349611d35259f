#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from './commands';

/** The top-level help: printed for a bare command, `--help` and `help`. */
export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cdk-activemq-mesh <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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

/**
 * `cdk-activemq-mesh <command> …`: dispatches to a command. A bare command and `--help` print the help (exit 0),
 * `--version` the version; an unknown command exits 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(topLevelHelp());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) {
    process.stderr.write(`cdk-activemq-mesh: unknown command '${first}': the commands are ${COMMANDS.map((c) => c.name).join(', ')}. Run with --help for usage.\n`);
    return 2;
  }
  return command.run(rest);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
