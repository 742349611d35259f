/**
 * Red team 2: a mesh across Regions written with CDK's `crossRegionReferences` (the consumer reads the peer's
 * endpoints through a Custom::CrossRegionExportReader, which the producer's Custom::CrossRegionExportWriter fills
 * from `GetAtt OpenWireEndpoints`) is a correct app: the gate follows the export to the peer instead of blocking it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, Stack } from 'aws-cdk-lib';
import { CfnBroker, CfnConfiguration } from 'aws-cdk-lib/aws-amazonmq';
import { runGate, sourcesFromAssembly } from '../../src/gate';
import { broker } from '../nag/helpers';

function standalone(target: (peer: CfnBroker, east: Stack) => string): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cross-region-'));
  try {
    const app = new App({ outdir });
    const west = new Stack(app, 'West', { env: { account: '111111111111', region: 'us-west-2' } });
    const peer = broker(west, 'Peer');
    const east = new Stack(app, 'East', { env: { account: '111111111111', region: 'us-east-1' }, crossRegionReferences: true });
    const cfg = new CfnConfiguration(east, 'Cfg', {
      name: 'c',
      engineType: 'ACTIVEMQ',
      engineVersion: '5.19',
      data: Fn.base64('<broker xmlns="http://activemq.apache.org/schema/core"><networkConnectors><networkConnector name="c" userName="bridge" '
        + `duplex="true" uri="static:(failover:(${target(peer, east)}))"/></networkConnectors></broker>`),
    });
    broker(east, 'Source', { configuration: { id: cfg.ref, revision: 1 } });
    app.synth();
    const r = runGate(sourcesFromAssembly(outdir));
    return r.findings.filter((f) => f.rule === 'StandaloneBroker').map((f) => f.subjectPath).sort();
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('StandaloneBroker: a peer in another Region through crossRegionReferences', () => {
  test('Compliance: the peer\'s OpenWireEndpoints through the export writer and reader', () => {
    expect(standalone((peer) => Fn.join(',', peer.attrOpenWireEndpoints))).toEqual([]);
  });

  test('Noncompliance: the peer\'s AmqpEndpoints through the same route do not count', () => {
    expect(standalone((peer) => Fn.join(',', peer.attrAmqpEndpoints))).toEqual(['East/Source', 'West/Peer']);
  });
});
