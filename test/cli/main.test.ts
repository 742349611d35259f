import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { main, signalExitCode } from '../../src/cli/main';
import { CliCommand, CliContext } from '../../src/private/cli-command';
import { captureOutput } from '../helpers/cli';

describe('cdk-activemq-mesh main()', () => {
  const io = captureOutput();

  test.each([[[]], [['--help']], [['help']]])('%j prints the commands and returns 0 without running anything', async (argv) => {
    expect(await main(argv)).toBe(0);
    expect(io.out).toContain('Usage: cdk-activemq-mesh <command> [options]');
    expect(io.out).toMatch(/^ {2}drill {2}/m);
    expect(io.err).toBe('');
  });

  test('--version prints the package version', async () => {
    expect(await main(['--version'])).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(io.out).toBe(`${pkg.version}\n`);
  });

  test('signal exit codes are 128 + the signal number', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });

  test('an unknown command returns 2 and names the commands', async () => {
    expect(await main(['dril'])).toBe(2);
    expect(io.err).toBe("cdk-activemq-mesh: unknown command 'dril': the commands are check, drill. Run with --help for usage.\n");
    expect(io.out).toBe('');
  });
});

describe('cdk-activemq-mesh main(): signals belong to the CLI', () => {
  const io = captureOutput();

  const host = () => Object.assign(new EventEmitter(), { exit: jest.fn() });
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  /** A command that runs until its signal fires (then returns 0, like a drill that stopped cleanly). */
  function untilAborted(seen: CliContext[], code = 0): CliCommand {
    return {
      name: 'work',
      summary: 'works until interrupted',
      run: (_argv, context) => new Promise((resolve) => {
        seen.push(context);
        context.signal.addEventListener('abort', () => resolve(code));
      }),
    };
  }

  /** A command that ignores its signal and ends when the test calls `finish`; `setup` sees its context. */
  function manual(setup: (context: CliContext) => void): { command: CliCommand; finish: (code: number) => void } {
    let finish: (code: number) => void = () => undefined;
    const command: CliCommand = {
      name: 'work',
      summary: 'ends when told',
      run: (_argv, context) => {
        setup(context);
        return new Promise((resolve) => finish = resolve);
      },
    };
    return { command, finish: (code) => finish(code) };
  }

  test.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s aborts the command\'s signal; main returns %d once it has stopped', async (signal, code) => {
    const h = host();
    const seen: CliContext[] = [];
    const running = main(['work'], [untilAborted(seen)], h);
    await tick();
    expect(h.listenerCount(signal)).toBe(1);
    expect(seen[0].signal.aborted).toBe(false);
    h.emit(signal, signal);
    expect(await running).toBe(code);
    expect(seen[0].signal.reason).toBe(signal);
    expect(io.err).toBe(`\ncdk-activemq-mesh: ${signal}: stopping every process the command started (${signal} again to force)\n`);
    expect(h.exit).not.toHaveBeenCalled();
    expect(['SIGINT', 'SIGTERM', 'exit'].map((e) => h.listenerCount(e))).toEqual([0, 0, 0]);
  });

  test('a second signal runs the exit hooks (even past a failing one) and exits at once', async () => {
    const h = host();
    const ran: string[] = [];
    const { command, finish } = manual((context) => {
      context.addExitHook(() => {
        throw new Error('hook failed');
      });
      context.addExitHook(() => ran.push('kill the brokers'));
      const removed = context.addExitHook(() => ran.push('removed'));
      removed();
    });
    const running = main(['work'], [command], h);
    await tick();
    h.emit('SIGINT', 'SIGINT');
    expect(ran).toEqual([]);
    h.emit('SIGINT', 'SIGINT');
    expect(ran).toEqual(['kill the brokers']);
    expect(h.exit).toHaveBeenCalledWith(130);
    expect(io.err).toContain('cdk-activemq-mesh: SIGINT again: killing every process now\n');
    finish(1);
    expect(await running).toBe(130);
  });

  test('exit hooks also run on process exit while a command runs; a command that finishes returns its own code', async () => {
    const h = host();
    const ran: string[] = [];
    const { command, finish } = manual((context) => context.addExitHook(() => ran.push('sweep')));
    const running = main(['work'], [command], h);
    await tick();
    h.emit('exit');
    expect(ran).toEqual(['sweep']);
    finish(1);
    expect(await running).toBe(1);
    expect(['SIGINT', 'SIGTERM', 'exit'].map((e) => h.listenerCount(e))).toEqual([0, 0, 0]);
  });
});
