/** Shared by the real-broker drill tests: what a run leaves behind. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Progress } from '../../src/drill/progress';

/** `workDir(name)`: a new directory under the OS temp directory; `workDir.keep(dir)` adds one; all removed after the file's tests. */
export function tempDirs(prefix: string): ((name: string) => string) & { keep(dir: string): void } {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const workDir = (name: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-${name}-`));
    made.push(dir);
    return dir;
  };
  return Object.assign(workDir, { keep: (dir: string) => void made.push(dir) });
}

/** A progress display that prints nothing. */
export const quiet = () => new Progress({ isTTY: false, write: () => true });

/** Every file the run wrote (logs, configs, JSON) and the given texts must be free of the local passwords. */
export function expectNoSecrets(secrets: readonly string[], dir: string, ...texts: string[]): void {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'data' && entry.name !== 'tmp') {
          walk(p);
        }
      } else {
        files.push(p);
      }
    }
  };
  walk(dir);
  const everything = [...texts, ...files.map((f) => fs.readFileSync(f, 'utf8'))].join('\n');
  expect(files.some((f) => f.endsWith('console.log'))).toBe(true);
  for (const secret of secrets) {
    expect(everything).not.toContain(secret);
  }
}

/** Live java processes whose command line contains `marker` (read from /proc, no `ps` needed). */
export function javaProcessesOf(marker: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // exited meanwhile
    }
    if (cmdline.includes('java') && cmdline.includes(marker)) {
      found.push(`${pid} ${cmdline}`);
    }
  }
  return found;
}

