/**
 * Whether the tests that need a real ActiveMQ (local brokers, the Java client, ActiveMQ's jars) run here, decided
 * in one place, with the drill's own prerequisite check (`missingPrerequisites`).
 *
 * - `ACTIVEMQ_E2E` unset or `auto`: run when ActiveMQ and Java are installed. When they are not, skip with a
 *   visible line that says how to enable them, except in CI (`CI` set), where a missing ActiveMQ fails the file.
 * - `ACTIVEMQ_E2E=skip`: skip even when installed, with the same visible line: a deliberate fresh-machine run
 *   (`.ci/run` runs the README's test command once like this before it installs ActiveMQ).
 * - `ACTIVEMQ_E2E=require`: fail when missing, in CI or not.
 * - `ACTIVEMQ_HOME`: where to look (default /usr/share/activemq); a missing directory simulates a machine
 *   without ActiveMQ.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { activeMqHome, INSTALL_HINT, missingPrerequisites } from '../../src/drill/prerequisites';

export interface ActiveMqForTests {
  /** Run the real-ActiveMQ tests. */
  readonly run: boolean;
  /** The ActiveMQ home the tests use. */
  readonly home: string;
  /** Why they are skipped. */
  readonly skipReason?: string;
}

/** What the environment says; throws (failing the test file) when ActiveMQ is required but missing. */
export function activeMqForTests(env: NodeJS.ProcessEnv = process.env): ActiveMqForTests {
  const home = activeMqHome(undefined, env);
  const mode = env.ACTIVEMQ_E2E || 'auto';
  if (mode !== 'auto' && mode !== 'skip' && mode !== 'require') {
    throw new Error(`ACTIVEMQ_E2E must be auto, skip or require, got '${mode}'.`);
  }
  if (mode === 'skip') {
    return { run: false, home, skipReason: 'ACTIVEMQ_E2E=skip is set.' };
  }
  const missing = missingPrerequisites(home, env);
  if (missing.length === 0) {
    return { run: true, home };
  }
  if (mode === 'require' || env.CI) {
    throw new Error(`${missing.join(' ')} These tests need a real ActiveMQ${mode === 'require' ? ' (ACTIVEMQ_E2E=require)' : ' in CI (CI is set)'}; `
      + 'set ACTIVEMQ_E2E=skip for a deliberate run without it.');
  }
  return { run: false, home, skipReason: missing.join(' ') };
}

/** The line a skipping test file prints (on stderr, which jest shows even for skipped files). */
export function skipLine(what: string, reason: string): string {
  return `SKIPPED ${what}: ${reason} To run these tests: ${INSTALL_HINT} (ActiveMQ 5.17 and Java 17) and leave ACTIVEMQ_E2E unset.\n`;
}

/** `describe` when ActiveMQ is here; otherwise `describe.skip` and one visible line saying how to enable it. */
export function describeWithActiveMq(name: string, fn: () => void): void {
  const activemq = activeMqForTests();
  if (activemq.run) {
    describe(name, fn);
  } else {
    process.stderr.write(skipLine(`"${name}"`, activemq.skipReason!));
    describe.skip(name, fn);
  }
}

/** ActiveMQ's own broker schema (activemq.xsd inside activemq-spring.jar): what a broker validates its configuration with. */
export function activeMqBrokerSchema(home: string = activeMqForTests().home): string {
  const jar = path.join(home, 'lib', 'optional', 'activemq-spring.jar');
  return execFileSync('unzip', ['-p', jar, 'activemq.xsd'], { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
}
