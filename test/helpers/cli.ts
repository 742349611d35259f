/** Running the command line in process: captured stdout/stderr and a temporary environment. */

/** What was written to stdout and stderr. */
export interface CapturedOutput {
  out: string;
  err: string;
}

function spyOnOutput(into: CapturedOutput): void {
  jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => (into.out += c, true));
  jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => (into.err += c, true));
}

/** Captures stdout and stderr during each test of the enclosing describe (fresh per test). */
export function captureOutput(): CapturedOutput {
  const captured: CapturedOutput = { out: '', err: '' };
  beforeEach(() => {
    captured.out = '';
    captured.err = '';
    spyOnOutput(captured);
  });
  afterEach(() => jest.restoreAllMocks());
  return captured;
}

/** Runs `fn` with `env` added to process.env, restoring it afterwards. */
export async function withEnv<T>(env: { [name: string]: string }, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
  }
}

/** Runs `fn` with `env` added to process.env and stdout/stderr captured; restores both afterwards. */
export function runCaptured<T>(env: { [name: string]: string }, fn: () => Promise<T>): Promise<CapturedOutput & { result: T }> {
  return withEnv(env, async () => {
    const captured: CapturedOutput = { out: '', err: '' };
    spyOnOutput(captured);
    try {
      const result = await fn();
      return { ...captured, result };
    } finally {
      jest.restoreAllMocks();
    }
  });
}
