/**
 * How a mesh applies a new configuration revision or a user change to its brokers.
 *
 * Amazon MQ applies both only after a reboot or in the broker's next maintenance window.
 */
export enum ConfigurationApply {
  /**
   * Reboot the brokers one at a time during `cdk deploy` (node k after node k-1), each reboot waiting until
   * the broker is RUNNING again with nothing pending. The mesh never loses more than one node.
   */
  ROLLING_REBOOT = 'ROLLING_REBOOT',

  /**
   * Do not reboot: each broker applies its changes in its own weekly maintenance window. A new mesh stays
   * disconnected until then.
   */
  MAINTENANCE_WINDOW = 'MAINTENANCE_WINDOW',
}
