import { ChildProcess } from 'node:child_process';

/**
 * Every process the drill starts, so that exit, Ctrl-C and failure paths can stop all of them.
 * Children are started `detached` (their own process group), so a signal to `-pid` reaches the JVM and
 * anything it forked, and Ctrl-C on the terminal reaches only the drill, which then cleans up in order.
 */
export class ProcessRegistry {
  private readonly children = new Map<number, ChildProcess>();

  public add(child: ChildProcess): void {
    if (child.pid !== undefined) {
      this.children.set(child.pid, child);
      child.once('exit', () => this.children.delete(child.pid!));
    }
  }

  public get pids(): number[] {
    return [...this.children.keys()];
  }

  /** Synchronous SIGKILL of every tracked process group: the final sweep, safe inside an `exit` handler. */
  public killAll(): void {
    for (const pid of this.children.keys()) {
      killGroup(pid, 'SIGKILL');
    }
  }
}

/** Signals a process group (falling back to the process); returns false if it was already gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Resolves when the child has exited (immediately if it already has), or after `timeoutMs` with false. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** The run was interrupted (Ctrl-C, SIGTERM): thrown by the waits once the drill's AbortSignal fires. */
export class DrillInterrupted extends Error {
  public constructor(reason: unknown) {
    super(`interrupted${reason === undefined ? '' : ` (${String(reason)})`}`);
    this.name = 'DrillInterrupted';
  }
}

/** Throws DrillInterrupted if `signal` has fired. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new DrillInterrupted(signal.reason);
  }
}

/** Waits `ms`; rejects with DrillInterrupted as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DrillInterrupted(signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DrillInterrupted(signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
