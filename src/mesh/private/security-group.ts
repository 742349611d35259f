import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * Keeps EC2's default "all traffic to 0.0.0.0/0" egress rule off a security group whose egress rules are separate
 * `AWS::EC2::SecurityGroupEgress` resources (a rule to the group itself, or to another group, always is).
 *
 * EC2 gives every new VPC security group that default rule, and CloudFormation removes it "only when you specify one
 * or more egress rules in the SecurityGroupEgress property" of the group itself (AWS::EC2::SecurityGroup,
 * SecurityGroupEgress). aws-cdk-lib drops its own inline placeholder as soon as a separate egress rule is added,
 * which would leave the default in place. This inline rule matches no traffic (TCP to the limited-broadcast
 * address), and it differs from aws-cdk-lib's placeholder, so later `connections.allowTo(...)` calls do not drop it.
 *
 * @param securityGroup a group created with `allowAllOutbound: false`
 */
export function noDefaultEgress(securityGroup: ec2.SecurityGroup): void {
  securityGroup.addEgressRule(ec2.Peer.ipv4('255.255.255.255/32'), ec2.Port.tcp(9),
    'Matches no traffic: keeps EC2\'s default allow-all egress rule off this group');
}
