import { ClientProcess } from './client-process';
import { LocalMesh } from './local-mesh';
import { DrillPlan, DrillUser } from './plan';
import { Progress } from './progress';

/** What every phase after start-up works with. Read-only: phases return their results. */
export interface DrillContext {
  readonly plan: DrillPlan;
  /** The running brokers. */
  readonly mesh: LocalMesh;
  readonly progress: Progress;
  /** Fires on Ctrl-C / SIGTERM: waits then reject with DrillInterrupted. */
  readonly signal?: AbortSignal;
  /** Starts the Java client in `mode` as `user` (default: the plan's client user), its stderr in `<workDir>/<mode>-client.log`. */
  startClient(mode: 'matrix' | 'traffic' | 'access' | 'monitor', args: readonly string[], user?: DrillUser): ClientProcess;
}
