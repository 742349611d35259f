/**
 * The pack through the real CDK CLI: `cdk synth` on the sample apps in examples/nag-*.
 * A standalone broker fails synthesis and the output names the rule; an app whose only finding is a warning and
 * an ActiveMqBrokerMesh with defaults synthesize with exit code 0. Timeouts are generous; nothing here is timed.
 */
import * as path from 'path';
import { cdkSynth } from '../helpers/cdk-synth';

const EXAMPLES = path.join(__dirname, '../../examples');

function synth(example: string, ...extra: string[]): { status: number | null; output: string } {
  return cdkSynth(path.join(EXAMPLES, example), ...extra);
}

describe('cdk synth with ActiveMqMeshChecks (real CLI)', () => {
  test('a standalone broker fails synthesis and the output names the rule and the broker', () => {
    const { status, output } = synth('nag-standalone');
    expect(status).not.toBe(0);
    expect(output).toContain('ERROR ActiveMqMesh-StandaloneBroker: the broker Standalone/Orders is not part of a network of brokers');
    expect(output).toContain('Synthesis finished with errors');
  }, 180_000);

  test('an app whose only finding is a warning synthesizes (exit 0) and still prints the warning', () => {
    const { status, output } = synth('nag-warning-only');
    expect(output).toContain('WARNING ActiveMqMesh-GeneralLogsDisabled: the broker WarningOnly/Sink');
    expect(output).not.toContain('ERROR');
    expect(status).toBe(0);
  }, 180_000);

  test('the same app fails synthesis with failOnWarnings', () => {
    const { status, output } = synth('nag-warning-only', '-c', 'failOnWarnings=true');
    expect(output).toContain('WARNING ActiveMqMesh-GeneralLogsDisabled');
    expect(status).not.toBe(0);
  }, 180_000);

  test('an ActiveMqBrokerMesh with defaults synthesizes (exit 0) with no finding, even with failOnWarnings', () => {
    const { status, output } = synth('nag-mesh');
    expect(output).not.toContain('ActiveMqMesh-');
    expect(status).toBe(0);
  }, 180_000);
});
