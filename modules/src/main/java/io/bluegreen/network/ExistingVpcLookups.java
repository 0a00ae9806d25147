package io.bluegreen.network;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Op;
import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.TerraformIterator;
import com.hashicorp.cdktf.TerraformLocal;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.data_aws_nat_gateway.DataAwsNatGateway;
import com.hashicorp.cdktf.providers.aws.data_aws_nat_gateways.DataAwsNatGateways;
import com.hashicorp.cdktf.providers.aws.data_aws_nat_gateways.DataAwsNatGatewaysFilter;
import com.hashicorp.cdktf.providers.aws.data_aws_subnet.DataAwsSubnet;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Plan-time lookups of an existing VPC, made in the stack that uses them (one set per stack, like AwsContext): the
 * subnets' availability zones and the VPC's public NAT gateways. Its ids and subnet ids are literals, so every stack
 * can read them itself; a value that crossed stacks would arrive marked sensitive (cdktf's cross-stack outputs are),
 * and Terraform refuses sensitive values in for_each.
 */
public final class ExistingVpcLookups extends Construct {
    private static final String ID = "ExistingVpc";

    private final VpcSource.Existing vpc;
    private static final Map<TerraformStack, ExistingVpcLookups> BY_STACK = Collections.synchronizedMap(new WeakHashMap<>());

    private List<String> publicZones;
    private List<String> privateZones;
    private Network.EgressLookup egress;

    private ExistingVpcLookups(Construct stack, VpcSource.Existing vpc) {
        super(stack, ID);
        this.vpc = vpc;
    }

    /** The lookups of {@code vpc} in {@code consumer}'s stack, created on first use. */
    static ExistingVpcLookups of(Construct consumer, VpcSource.Existing vpc) {
        // Remembered per stack on the Java side, as AwsContext: no tree lookups over jsii on every call.
        return BY_STACK.computeIfAbsent(TerraformStack.of(consumer), stack -> new ExistingVpcLookups(stack, vpc));
    }

    /** A plan-time check that the public (ALB) or private (tasks) subnets span at least two availability zones. */
    Precondition spansTwoZones(boolean publicSubnets) {
        List<String> zones = publicSubnets ? publicZones() : privateZones();
        String which = publicSubnets ? "publicSubnetIds" : "privateSubnetIds";
        return Precondition.builder()
                .condition(Op.gte(Fn.lengthOf(Fn.distinct(zones)), 2))
                .errorMessage("The " + which + " of this environment must lie in at least two availability zones;"
                        + " list subnets from two different zones in VpcSource.Existing.")
                .build();
    }

    private List<String> publicZones() {
        if (publicZones == null) {
            publicZones = zones(vpc.publicSubnetIds());
        }
        return publicZones;
    }

    private List<String> privateZones() {
        if (privateZones == null) {
            privateZones = zones(vpc.privateSubnetIds());
        }
        return privateZones;
    }

    /** Reads each subnet (at plan time) for its zone; the subnet must be in the VPC. Keyed by the subnet's id. */
    private List<String> zones(List<String> subnetIds) {
        List<String> zones = new ArrayList<>();
        for (String subnetId : subnetIds) {
            zones.add(DataAwsSubnet.Builder.create(this, "Subnet_" + subnetId.replace('-', '_'))
                    .id(subnetId)
                    .vpcId(vpc.vpcId())
                    .build()
                    .getAvailabilityZone());
        }
        return List.copyOf(zones);
    }

    /** The VPC's public NAT gateways, by id, with their public addresses; and a check that there is one. */
    Network.EgressLookup egress() {
        if (egress == null) {
            DataAwsNatGateways gateways = DataAwsNatGateways.Builder.create(this, "NatGateways")
                    .vpcId(vpc.vpcId())
                    .filter(List.of(DataAwsNatGatewaysFilter.builder().name("state").values(List.of("available")).build()))
                    .build();
            DataAwsNatGateway gateway = DataAwsNatGateway.Builder.create(this, "NatGateway")
                    .forEach(TerraformIterator.fromList(gateways.getIds()))
                    .id("${each.value}")
                    .build();
            String address = "data." + gateway.getTerraformResourceType() + "." + gateway.getFriendlyUniqueId();
            // The public ones only: a private NAT gateway has no public address and is not the internet path.
            TerraformLocal publicAddresses = new TerraformLocal(this, "PublicNatAddresses",
                    "${{ for id, nat in " + address + " : id => nat.public_ip if nat.connectivity_type == \"public\" }}");
            Map<String, String> byId = publicAddresses.getAsStringMap();
            Precondition found = Precondition.builder()
                    .condition(Op.gte(Fn.lengthOf(byId), 1))
                    .errorMessage("VPC " + vpc.vpcId() + " has no available public NAT gateway, so the public address that"
                            + " requests from its private subnets leave with is unknown and an internet-facing ALB"
                            + " cannot admit them (the smoke test would time out). Fix: give the addresses with"
                            + " VpcSource.Existing.withEgressPublicIps(List.of(Cidr.of(\"203.0.113.10/32\"))),"
                            + " or make the ALB internal.")
                    .build();
            egress = new Network.EgressLookup(byId, found);
        }
        return egress;
    }
}
