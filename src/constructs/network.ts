import { Aws, Fn } from 'aws-cdk-lib';
import { RuntimeNetworkConfiguration } from 'aws-cdk-lib/aws-bedrockagentcore';
import { type IVpc, SecurityGroup, Subnet, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { NetworkConfig } from '../spec/schema';

/**
 * The network every runtime of a system uses: public, or the spec's subnets and security
 * groups, imported by id (this package creates no network resources).
 *
 * AgentCore takes only subnets and security groups; aws-cdk-lib's VPC configuration also
 * wants the VPC they belong to, for selection only. Without `vpc`, a reference with no id
 * stands in for it: nothing in the template reads it.
 */
export function runtimeNetwork(
  scope: Construct,
  network: NetworkConfig,
  vpc?: IVpc,
): RuntimeNetworkConfiguration {
  if (network.mode === 'PUBLIC') return RuntimeNetworkConfiguration.usingPublicNetwork();
  return RuntimeNetworkConfiguration.usingVpc(scope, {
    vpc:
      vpc ??
      Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId: Aws.NO_VALUE, availabilityZones: Fn.getAzs() }),
    vpcSubnets: {
      subnets: network.subnetIds.map((id) => Subnet.fromSubnetId(scope, `Subnet-${id}`, id)),
    },
    securityGroups: network.securityGroupIds.map((id) =>
      SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id, { mutable: false }),
    ),
  });
}
