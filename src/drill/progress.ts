/** The stream the progress display writes to (process.stderr by default). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
}

const FRAMES = ['|', '/', '-', '\\'];

/**
 * Progress for the long phases (starting brokers, waiting for bridges, traffic, draining), on stderr so
 * stdout keeps only the report. On a terminal: one self-rewriting spinner line. Otherwise (CI logs,
 * pipes): plain lines, a detail line at most every `plainIntervalMs`.
 */
export class Progress {
  private label: string | undefined;
  private detail = '';
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private lastPlainAt = 0;
  private readonly tty: boolean;

  public constructor(private readonly out: ProgressStream = process.stderr, private readonly plainIntervalMs = 5000) {
    this.tty = out.isTTY === true;
  }

  /** Starts a phase (ending the previous one as done). */
  public start(label: string): void {
    if (this.label) {
      this.done();
    }
    this.label = label;
    this.detail = '';
    this.startedAt = Date.now();
    this.lastPlainAt = this.startedAt;
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
      this.draw();
    } else {
      this.out.write(`${label}...\n`);
    }
  }

  /** Updates the current phase's detail, e.g. "4/6 directions". */
  public update(detail: string): void {
    if (detail === this.detail) {
      return;
    }
    this.detail = detail;
    if (!this.tty && this.label && Date.now() - this.lastPlainAt >= this.plainIntervalMs) {
      this.lastPlainAt = Date.now();
      this.out.write(`  ${this.label}: ${detail}\n`);
    }
  }

  /** Ends the current phase successfully. */
  public done(result?: string): void {
    this.finish('ok', result);
  }

  /** Ends the current phase as failed. */
  public fail(result?: string): void {
    this.finish('FAILED', result);
  }

  /** A line of its own (between phases). */
  public info(line: string): void {
    this.clearLine();
    this.out.write(`${line}\n`);
  }

  private finish(status: string, result?: string): void {
    if (!this.label) {
      return;
    }
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    const secs = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    this.clearLine();
    this.out.write(`${this.label}: ${status}${result ? ` - ${result}` : ''} (${secs} s)\n`);
    this.label = undefined;
  }

  private clearLine(): void {
    if (this.tty) {
      this.out.write('\r\x1b[K');
    }
  }

  private draw(): void {
    const secs = ((Date.now() - this.startedAt) / 1000).toFixed(0);
    this.frame = (this.frame + 1) % FRAMES.length;
    this.out.write(`\r\x1b[K${FRAMES[this.frame]} ${this.label} ${this.detail ? `(${this.detail}) ` : ''}${secs} s`);
  }
}
