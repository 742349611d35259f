import { DEFAULT_DRILL_OPTIONS, DrillOptions } from './args';
import { runFromApp } from './from-drill';
import { meshDrillPlan } from './plan';
import { rotationOf } from './rotation';
import { DrillResult, runPlan, RunDrillOptions, stripUndefined } from './run-plan';

export type { DrillResult, RunDrillOptions } from './run-plan';

/**
 * Runs one drill. Everything that can be refused is refused before a broker starts (UsageError: the plan,
 * ports, the work directory, the failover options — in the end by the ActiveMQ client itself;
 * PrerequisiteError: ActiveMQ or Java missing). Then the phases on the local mesh (`drillLocalMesh`). Every
 * process it starts is stopped before it returns or throws. With `from`, each case of the app (`runFromApp`).
 */
export async function runDrill(options: RunDrillOptions = {}): Promise<DrillResult> {
  const o: DrillOptions = { ...DEFAULT_DRILL_OPTIONS, ...stripUndefined(options) };
  if (o.from !== undefined) {
    return runFromApp(o, options);
  }
  const mesh = meshDrillPlan(o);
  const order = mesh.nodes.map((_, i) => i);
  // a rotation's traffic crosses bridges: the producer on the first node, the consumer on the last
  const plan = rotationOf(o) !== undefined ? { ...mesh, clients: { producer: order, consumer: [...order].reverse() } } : mesh;
  return runPlan(plan, o, options, {
    settings: { brokers: o.brokers, topology: o.topology, hubIndex: o.topology === 'hub-and-spoke' ? o.hub : undefined, networkTtl: plan.networkTtl },
  });
}

