import { DEFAULT_DRILL_OPTIONS, DrillOptions } from './args';
import { runFromApp } from './from-drill';
import { meshDrillPlan } from './plan';
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
  // A rotation's traffic runs as the kill drill's does: one failover connection with the library's client defaults
  // (it follows the brokers' rebalancing, as an application's client would). A consumer on another broker than the
  // producer would be moved by each restart and rebalance, and the messages already forwarded to the broker it left
  // wait there (networkTTL 1: never forwarded twice), which is not what the rotation is about; the bridges are
  // watched by the monitor instead (docs/drill.md).
  const plan = meshDrillPlan(o);
  return runPlan(plan, o, options, {
    settings: { brokers: o.brokers, topology: o.topology, hubIndex: o.topology === 'hub-and-spoke' ? o.hub : undefined, networkTtl: plan.networkTtl },
  });
}

