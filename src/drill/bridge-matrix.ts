import { randomBytes } from 'node:crypto';
import { DrillContext } from './context';
import { Direction, directionLabel } from './plan';
import { BridgeCheck } from './report';

/**
 * The message matrix: for each of `directions`, a consumer on the `to` broker and a producer on the `from`
 * broker exchange a real message (plain `tcp://` connections, no failover), probing every 250 ms until it
 * arrives or `timeoutMs` passes. Reading logs is not enough: a bridge with the wrong password first logs
 * "has been established" and only then shuts down.
 */
export async function checkBridges(ctx: DrillContext, directions: readonly Direction[], timeoutMs: number): Promise<BridgeCheck> {
  const { plan, progress } = ctx;
  const label = (d: Direction) => directionLabel(plan, d);
  if (directions.length === 0) {
    // one broker, or none connected: nothing to cross
    return { expected: [], checked: [], notExpected: plan.unreachable.map(label), carrying: [], failed: [], elapsedMs: 0 };
  }
  progress.start(`Waiting for bridges (message matrix over ${directions.length} directions)`);
  const started = Date.now();
  const client = ctx.startClient('matrix', [String(timeoutMs), `${plan.queuePrefix}.matrix.${randomBytes(4).toString('hex')}`,
    plan.nodes.map((n) => n.url).join(','), directions.map((d) => `${d.from}>${d.to}`).join(',')]);
  const pairs = () => client.events.filter((e) => e.e === 'pair').length;
  client.onEvent(() => progress.update(`${pairs()}/${directions.length} directions carry messages`));
  try {
    const done = await client.waitFor('matrix-done', timeoutMs + 30_000, ctx.signal);
    if (!done) {
      throw new Error(`the message-matrix client ended without a result; see ${client.logPath}`);
    }
  } finally {
    await client.stop(3000);
  }
  const carried = new Set(client.events.flatMap((e) => e.e === 'pair' ? [`${e.from}>${e.to}`] : []));
  const carries = (d: Direction) => carried.has(`${d.from}>${d.to}`);
  const result: BridgeCheck = {
    expected: plan.expected.map(label),
    checked: directions.map(label),
    notExpected: plan.unreachable.map(label),
    carrying: directions.filter(carries).map(label),
    failed: directions.filter((d) => !carries(d)).map(label),
    elapsedMs: Date.now() - started,
  };
  if (result.failed.length === 0) {
    progress.done(`${result.carrying.length}/${directions.length} directions carry messages`);
  } else {
    progress.fail(`${result.failed.length} of ${directions.length} directions carried no message`);
  }
  return result;
}
