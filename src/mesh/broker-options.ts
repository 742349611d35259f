import { Token } from 'aws-cdk-lib';
import { ACTIVEMQ_INSTANCE_TYPES } from '../private/amazon-mq';

/**
 * How each node of the mesh is deployed.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/amazon-mq-broker-architecture.html
 */
export enum MeshDeploymentMode {
  /** Each node is one broker instance in its own Availability Zone. */
  SINGLE_INSTANCE = 'SINGLE_INSTANCE',
  /**
   * Each node is an active/standby pair spread over two Availability Zones; connectors to such a node name
   * both of its endpoints (`masterslave:(…)`).
   */
  ACTIVE_STANDBY_MULTI_AZ = 'ACTIVE_STANDBY_MULTI_AZ',
}

/**
 * Storage of the brokers' message store.
 */
export enum BrokerStorageType {
  /** Amazon EFS: durable and replicated across AZs; required for active/standby nodes. */
  EFS = 'EFS',
  /** Amazon EBS: lower latency, single-instance `mq.m5` brokers only. */
  EBS = 'EBS',
}

/**
 * An Amazon MQ host instance type for ActiveMQ brokers.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/activemq-broker-instance-types.html
 */
export class BrokerInstanceType {
  /** mq.t3.micro: evaluation only, single-instance only, 300 connections per protocol. */
  public static readonly T3_MICRO = new BrokerInstanceType('mq.t3.micro');
  /** mq.m5.large: the smallest production size (2,000 connections per protocol). */
  public static readonly M5_LARGE = new BrokerInstanceType('mq.m5.large');
  /** mq.m5.xlarge */
  public static readonly M5_XLARGE = new BrokerInstanceType('mq.m5.xlarge');
  /** mq.m5.2xlarge */
  public static readonly M5_2XLARGE = new BrokerInstanceType('mq.m5.2xlarge');
  /** mq.m5.4xlarge */
  public static readonly M5_4XLARGE = new BrokerInstanceType('mq.m5.4xlarge');

  /**
   * An instance type by name, with or without the `mq.` prefix (`m5.large` or `mq.m5.large`).
   *
   * @param name the instance type name
   */
  public static of(name: string): BrokerInstanceType {
    if (Token.isUnresolved(name)) {
      return new BrokerInstanceType(name);
    }
    const full = name.startsWith('mq.') ? name : `mq.${name}`;
    if (!ACTIVEMQ_INSTANCE_TYPES.includes(full)) {
      throw new Error(`instanceType must be an ActiveMQ host instance type, got '${name}': use one of ${ACTIVEMQ_INSTANCE_TYPES.join(', ')} (mq.m7g is RabbitMQ only).`);
    }
    return new BrokerInstanceType(full);
  }

  /** The full instance type name, e.g. `mq.m5.large`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** The instance type name. */
  public toString(): string {
    return this.name;
  }
}

/** A day of the week for maintenance windows. */
export enum DayOfWeek {
  /** Monday */ MONDAY = 'MONDAY',
  /** Tuesday */ TUESDAY = 'TUESDAY',
  /** Wednesday */ WEDNESDAY = 'WEDNESDAY',
  /** Thursday */ THURSDAY = 'THURSDAY',
  /** Friday */ FRIDAY = 'FRIDAY',
  /** Saturday */ SATURDAY = 'SATURDAY',
  /** Sunday */ SUNDAY = 'SUNDAY',
}

/**
 * When node 0's weekly maintenance window starts. The other nodes are staggered from it.
 */
export interface MaintenanceWindowStart {
  /** Day of the week for node 0. Node i starts i days later, so no two of the first seven nodes share a day. */
  readonly dayOfWeek: DayOfWeek;
  /** Time of day, 24-hour `HH:MM`. */
  readonly timeOfDay: string;
  /**
   * Time zone, as an IANA name (`Europe/Berlin`) or a UTC offset.
   * @default 'UTC'
   */
  readonly timeZone?: string;
}
