import { Annotations, Aws, Fn } from 'aws-cdk-lib';
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
 * stands in for it: nothing in the template reads it. The stand-in's zones, and an
 * imported subnet's route table, are unknown and read by nothing here either: the two
 * warnings about them are acknowledged where they arise, so a correct project
 * synthesizes without warnings.
 */
export function runtimeNetwork(
  scope: Construct,
  network: NetworkConfig,
  vpc?: IVpc,
): RuntimeNetworkConfiguration {
  if (network.mode === 'PUBLIC') return RuntimeNetworkConfiguration.usingPublicNetwork();
  return RuntimeNetworkConfiguration.usingVpc(scope, {
    vpc: vpc ?? standInVpc(scope),
    vpcSubnets: {
      subnets: network.subnetIds.map((id) => {
        const subnet = Subnet.fromSubnetId(scope, `Subnet-${id}`, id);
        Annotations.of(subnet).acknowledgeWarning(
          '@aws-cdk/aws-ec2:noSubnetRouteTableId',
          'AgentCore places runtimes in subnets by id; no route table is read',
        );
        return subnet;
      }),
    },
    securityGroups: network.securityGroupIds.map((id) =>
      SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id, { mutable: false }),
    ),
  });
}

function standInVpc(scope: Construct): IVpc {
  const vpc = Vpc.fromVpcAttributes(scope, 'Vpc', {
    vpcId: Aws.NO_VALUE,
    availabilityZones: Fn.getAzs(),
  });
  Annotations.of(vpc).acknowledgeWarning(
    '@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones',
    "Stands in for the subnets' VPC, which AgentCore does not take; nothing reads its zones",
  );
  return vpc;
}
