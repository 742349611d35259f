import { checkDestinationName } from './private/checks';

/**
 * The kind of an ActiveMQ destination named in a network connector filter.
 */
export enum DestinationKind {
  /** A point-to-point queue (`<queue physicalName="…"/>`). */
  QUEUE = 'QUEUE',
  /** A publish/subscribe topic (`<topic physicalName="…"/>`). */
  TOPIC = 'TOPIC',
}

/**
 * A queue or topic named in a network connector's `excludedDestinations`,
 * `dynamicallyIncludedDestinations` or `staticallyIncludedDestinations`.
 *
 * ActiveMQ wildcards are allowed in the physical name: `.` separates name parts,
 * `*` matches one part and `>` matches the rest (for example `orders.>`).
 *
 * @see https://activemq.apache.org/components/classic/documentation/wildcards
 */
export class ActiveMqDestination {
  /**
   * A queue, or every queue matching a wildcard name.
   *
   * @param physicalName the queue name, e.g. `orders` or `orders.>`
   */
  public static queue(physicalName: string): ActiveMqDestination {
    return new ActiveMqDestination(DestinationKind.QUEUE, physicalName);
  }

  /**
   * A topic, or every topic matching a wildcard name.
   *
   * @param physicalName the topic name, e.g. `prices` or `prices.*.eur`
   */
  public static topic(physicalName: string): ActiveMqDestination {
    return new ActiveMqDestination(DestinationKind.TOPIC, physicalName);
  }

  /**
   * Whether this is a queue or a topic.
   * @internal
   */
  public readonly _kind: DestinationKind;

  /** The destination name as ActiveMQ sees it; may contain wildcards. */
  public readonly physicalName: string;

  private constructor(kind: DestinationKind, physicalName: string) {
    checkDestinationName(physicalName, 'physicalName');
    this._kind = kind;
    this.physicalName = physicalName;
  }
}
