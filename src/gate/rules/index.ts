import AuditLogsDisabled from './AuditLogsDisabled';
import AutoMinorVersionUpgradeDisabled from './AutoMinorVersionUpgradeDisabled';
import ConnectorPassword from './ConnectorPassword';
import EngineEndOfSupport from './EngineEndOfSupport';
import GeneralLogsDisabled from './GeneralLogsDisabled';
import InterBrokerUserMismatch from './InterBrokerUserMismatch';
import LogsResourcePolicyMissing from './LogsResourcePolicyMissing';
import MicroInstanceInMesh from './MicroInstanceInMesh';
import MissingOwnershipTags from './MissingOwnershipTags';
import NoCustomerManagedKey from './NoCustomerManagedKey';
import PlaintextUserPassword from './PlaintextUserPassword';
import PublicBroker from './PublicBroker';
import { GateRule } from './rule';
import SameMaintenanceWindow from './SameMaintenanceWindow';
import SingleAzMesh from './SingleAzMesh';
import StandaloneBroker from './StandaloneBroker';
import Unverifiable from './Unverifiable';
import UnverifiedExternalConnector from './UnverifiedExternalConnector';

/** Every rule of the gate, in report order. */
export const RULES: ReadonlyArray<GateRule> = [
  StandaloneBroker, Unverifiable, ConnectorPassword, InterBrokerUserMismatch, PlaintextUserPassword, SingleAzMesh, PublicBroker,
  AuditLogsDisabled, GeneralLogsDisabled, AutoMinorVersionUpgradeDisabled, EngineEndOfSupport, NoCustomerManagedKey,
  MissingOwnershipTags, SameMaintenanceWindow, MicroInstanceInMesh, UnverifiedExternalConnector, LogsResourcePolicyMissing,
];

export { Unverifiable };
export * from './rule';
