// The contract between the command line (src/cli) and the commands other folders provide (the drill's). Internal.
/** What `main.ts` hands a running command: the only way a command sees signals and process exit. */
export interface CliContext {
  /** Aborted on the first SIGINT/SIGTERM: stop what you started and return; `main` then exits 128 + the signal number. */
  readonly signal: AbortSignal;
  /** Registers a synchronous last-resort clean-up, run on process exit and on a second SIGINT/SIGTERM; returns its removal. */
  addExitHook(hook: () => void): () => void;
}

/**
 * One subcommand of the `cdk-activemq-mesh` command line (`drill`, `check`, …). Each command parses its own
 * arguments, writes its report to stdout and diagnostics to stderr, and returns its exit code; only
 * `main.ts` touches `process` (exit code, signals).
 */
export interface CliCommand {
  /** The word after `cdk-activemq-mesh`. */
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: readonly string[], context: CliContext): Promise<number>;
}
