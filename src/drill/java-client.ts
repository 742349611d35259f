import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClientProcess } from './client-process';
import { ActiveMqInstallation, PrerequisiteError } from './prerequisites';
import { ProcessRegistry, throwIfInterrupted } from './processes';

/**
 * The client's source, beside this module: `src/drill/java/` in the repository, `lib/drill/java/` in the
 * package (the post-compile task copies it there).
 */
export const CLIENT_SOURCE = path.join(__dirname, 'java', 'DrillClient.java');

/** The Java release the client is compiled for: the oldest runtime ActiveMQ 5.17 supports. */
const JAVA_RELEASE = '11';

/** JVM options of every client run: small heap, fast start. */
const CLIENT_JVM_OPTIONS = ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/** Where compiled clients are cached: `$XDG_CACHE_HOME` or `~/.cache`, then `cdk-activemq-mesh`. */
export function defaultClientCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdk-activemq-mesh');
}

/**
 * The cache key of a compiled client: the source, the Java release, and the classpath with each jar resolved
 * through its symlinks (Debian's `activemq-client.jar` points at a versioned file), so an ActiveMQ upgrade or
 * an edited client compiles afresh and an unchanged one is reused.
 */
export function clientCacheKey(source: string, classpath: readonly string[]): string {
  const hash = createHash('sha256').update(source).update(`\0release ${JAVA_RELEASE}\0`);
  for (const jar of classpath) {
    let resolved = jar;
    try {
      resolved = fs.realpathSync(jar);
    } catch {
      // a jar that is not there: compiling fails and says so
    }
    hash.update(`${resolved}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where a client run is tracked and logged. */
export interface ClientRunProps {
  readonly registry: ProcessRegistry;
  /** The client's stderr goes here. */
  readonly logPath: string;
}

/** Options for `DrillClient.prepare`. */
export interface PrepareClientOptions {
  /** @default defaultClientCacheRoot() */
  readonly cacheRoot?: string;
  /** Kills the compiler when it fires. */
  readonly signal?: AbortSignal;
}

/**
 * The drill's Java client (java/DrillClient.java), compiled against the ActiveMQ installation's client jars.
 */
export class DrillClient {
  /**
   * Compiles the client once per cache key (`clientCacheKey`) into `<cacheRoot>/drill-client-<key>` and reuses it
   * afterwards. Compiles into a fresh temporary directory and renames it into place, so concurrent drills never
   * see a half-written class. javac runs through the runtime's own `jdk.compiler` module: Debian's activemq
   * brings only a JRE (openjdk-17-jre-headless), whose module image includes the compiler.
   */
  public static async prepare(install: ActiveMqInstallation, options: PrepareClientOptions = {}): Promise<DrillClient> {
    const source = fs.readFileSync(CLIENT_SOURCE, 'utf8');
    const cacheRoot = options.cacheRoot ?? defaultClientCacheRoot();
    const target = path.join(cacheRoot, `drill-client-${clientCacheKey(source, install.clientClasspath)}`);
    if (fs.existsSync(path.join(target, 'DrillClient.class'))) {
      return new DrillClient(install, target, false);
    }
    fs.mkdirSync(cacheRoot, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(cacheRoot, 'build-'));
    try {
      fs.copyFileSync(CLIENT_SOURCE, path.join(tmp, 'DrillClient.java'));
      await javac(['--release', JAVA_RELEASE, '-nowarn', '-cp', install.clientClasspath.join(':'),
        '-d', tmp, path.join(tmp, 'DrillClient.java')], options.signal);
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (fs.existsSync(path.join(target, 'DrillClient.class'))) {
        // another drill compiled the same client first; its copy is identical
        return new DrillClient(install, target, false);
      }
      throw e;
    }
    return new DrillClient(install, target, true);
  }

  private constructor(
    private readonly install: ActiveMqInstallation,
    /** The directory holding DrillClient.class. */
    public readonly classDir: string,
    /** Whether `prepare` compiled it (false: reused from the cache). */
    public readonly compiled: boolean,
  ) {}

  /** The command line that runs the client with `args`. */
  public command(args: readonly string[]): string[] {
    return ['java', ...CLIENT_JVM_OPTIONS, '-cp', [this.classDir, ...this.install.clientClasspath].join(':'), 'DrillClient', ...args];
  }

  /** Starts the client in one of its modes, logged in `logPath`, as `user` (credentials in its environment). */
  public start(args: readonly string[], props: ClientRunProps & { user?: string; password?: string }): ClientProcess {
    return new ClientProcess({
      command: this.command(args),
      env: props.user === undefined ? {} : { DRILL_USER: props.user, DRILL_PASSWORD: props.password ?? '' },
      registry: props.registry,
      logPath: props.logPath,
    });
  }

  /**
   * What the ActiveMQ client itself makes of a failover URI, without connecting: undefined if it accepts it,
   * else its own message (e.g. `IllegalArgumentException: Invalid connect parameters: {foo=bar}`).
   */
  public async checkFailoverUri(uri: string, props: ClientRunProps & { signal?: AbortSignal }): Promise<string | undefined> {
    const client = this.start(['check-failover', uri], props);
    try {
      const verdict = await Promise.race([
        client.waitFor('failover-valid', 60_000, props.signal),
        client.waitFor('failover-invalid', 60_000, props.signal),
      ]);
      if (verdict === undefined) {
        throw new Error(`the drill client did not check the failover URI; see ${props.logPath}`);
      }
      return verdict.e === 'failover-invalid' ? verdict.msg : undefined;
    } finally {
      await client.stop(2000);
    }
  }
}

async function javac(args: string[], signal?: AbortSignal): Promise<void> {
  throwIfInterrupted(signal);
  const failure = await new Promise<string | undefined>((resolve) => {
    const child = spawn('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => output += d);
    child.stderr!.on('data', (d) => output += d);
    // on abort (Ctrl-C) the compiler is killed and waited for: the drill leaves no process behind
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (result: string | undefined) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.once('error', (e) => done(e.message));
    child.once('close', (code, sig) => done(code === 0 ? undefined : `javac ended with ${code ?? sig}\n${output}`));
  });
  throwIfInterrupted(signal);
  if (failure !== undefined && /Module jdk\.compiler not found/.test(failure)) {
    throw new PrerequisiteError('this Java runtime has no compiler module (jdk.compiler) to build the drill client: install a JDK with `apt-get install -y default-jdk-headless`.');
  }
  if (failure !== undefined) {
    throw new Error(`javac failed to compile the drill client: ${failure}`);
  }
}
