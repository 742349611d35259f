// How the library acknowledges cdk-nag findings on its own resources: shared by the mesh and the lifecycle. Internal.
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One acknowledgement: the exact rule ids (one per cdk-nag pack) and the reason a reviewer reads. */
export interface NagAcknowledgement {
  readonly ids: readonly string[];
  readonly reason: string;
}

/** Applies acknowledgements to a construct. */
export function acknowledge(scope: IConstruct, acks: readonly NagAcknowledgement[]): void {
  for (const ack of acks) {
    for (const id of ack.ids) {
      Validations.of(scope).acknowledge({ id, reason: ack.reason });
    }
  }
}
