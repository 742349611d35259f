import * as fs from 'node:fs';
import * as path from 'node:path';

/** Debian's `activemq` package. */
export const DEFAULT_ACTIVEMQ_HOME = '/usr/share/activemq';

/** How to get what the drill needs, for messages and skipped tests. */
export const INSTALL_HINT = 'apt-get install -y activemq';

/** ActiveMQ or Java is not installed: the CLI prints the message and exits 3. */
export class PrerequisiteError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

/** Jars the drill client needs, in the ActiveMQ home's `lib/` (Debian symlinks them into /usr/share/java). */
const CLIENT_JARS = [
  'activemq-client.jar',
  'geronimo-jms_1.1_spec.jar',
  'hawtbuf.jar',
  'slf4j-api.jar',
  'geronimo-j2ee-management-1.1-spec.jar',
];

/** Optional logging binding that silences slf4j's "defaulting to no-operation" banner when present. */
const OPTIONAL_JARS = ['/usr/share/java/slf4j-nop.jar'];

/** A local ActiveMQ 5.x installation the drill can run. */
export interface ActiveMqInstallation {
  /** The ActiveMQ home (`activemq.home`). */
  readonly home: string;
  /** `bin/activemq.jar`: runs one broker in the foreground. */
  readonly launcherJar: string;
  /** The jars the drill client is compiled and run against. */
  readonly clientClasspath: readonly string[];
}

/** The ActiveMQ home: the one given, else `$ACTIVEMQ_HOME`, else Debian's. */
export function activeMqHome(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? (env.ACTIVEMQ_HOME || DEFAULT_ACTIVEMQ_HOME);
}

/** The installation at `home`, without checking it (see `missingPrerequisites`). */
export function activeMqInstallation(home: string): ActiveMqInstallation {
  return {
    home,
    launcherJar: path.join(home, 'bin', 'activemq.jar'),
    clientClasspath: [...CLIENT_JARS.map((j) => path.join(home, 'lib', j)), ...OPTIONAL_JARS.filter((j) => fs.existsSync(j))],
  };
}

/**
 * What the drill lacks at `home`, each as a sentence with the fix; empty when ActiveMQ and Java are there.
 * One place for "is ActiveMQ here": the drill refuses to start and the real-broker tests skip on the same answer.
 */
export function missingPrerequisites(home: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const install = activeMqInstallation(home);
  const missing: string[] = [];
  if (!fs.existsSync(install.launcherJar)) {
    missing.push(`ActiveMQ not found at ${home}: install it with \`${INSTALL_HINT}\` (or set ACTIVEMQ_HOME to an ActiveMQ 5.x installation).`);
  } else {
    const jars = install.clientClasspath.filter((j) => !fs.existsSync(j));
    if (jars.length > 0) {
      missing.push(`ActiveMQ client jars not found (${jars.join(', ')}): install them with \`${INSTALL_HINT}\`.`);
    }
  }
  const dirs = (env.PATH ?? '').split(path.delimiter);
  if (!dirs.some((d) => d && fs.existsSync(path.join(d, 'java')))) {
    missing.push(`java not found on PATH: install ActiveMQ and its Java runtime with \`${INSTALL_HINT}\`.`);
  }
  return missing;
}

/** The installation at `home`; throws PrerequisiteError with the install command when something is missing. */
export function findActiveMq(home: string, env: NodeJS.ProcessEnv = process.env): ActiveMqInstallation {
  const missing = missingPrerequisites(home, env);
  if (missing.length > 0) {
    throw new PrerequisiteError(missing.join(' '));
  }
  return activeMqInstallation(home);
}
