package io.bluegreen.network;

import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/** Where the environment's network comes from: a VPC this project creates, or one that already exists. */
public sealed interface VpcSource {

    /** How many NAT gateways a created VPC gets. */
    enum NatGateways {
        /** One NAT gateway shared by both private subnets (cheaper; an AZ outage cuts egress). */
        SINGLE,
        /** One NAT gateway per availability zone (survives an AZ outage). */
        ONE_PER_AZ
    }

    /**
     * Create a VPC with two public and two private subnets across two availability zones, an internet gateway,
     * NAT gateway(s) and routes. Subnets are /{@code prefix+4} blocks of {@code cidr}: public 0..1, private 2..3.
     *
     * @param endpoints VPC endpoints in the private subnets for what the workloads call most (ECR api and dkr,
     *                  CloudWatch Logs, Secrets Manager as interface endpoints, S3 as a gateway endpoint), so that
     *                  traffic stays in the VPC and the workloads need no internet egress for it
     */
    record Create(Cidr cidr, NatGateways natGateways, boolean endpoints) implements VpcSource {
        /** Without endpoints. */
        public Create(Cidr cidr, NatGateways natGateways) {
            this(cidr, natGateways, false);
        }

        public Create {
            Check check = Check.in("VpcSource.Create");
            check.notNull("cidr", cidr, "give the VPC an IPv4 block such as 10.0.0.0/16");
            check.require(cidr.isIpv4() && cidr.prefixLength() >= 16 && cidr.prefixLength() <= 24, "cidr", cidr.value(),
                    "an IPv4 block from /16 to /24 (AWS VPC limits; it is split into four subnets)",
                    "use a private range such as 10.20.0.0/16");
            check.notNull("natGateways", natGateways, "NatGateways.SINGLE (of()'s) or NatGateways.ONE_PER_AZ");
        }

        /** A VPC with one NAT gateway shared by both private subnets (the cheaper default). */
        public static Create of(String cidr) {
            return new Create(Cidr.of(cidr), NatGateways.SINGLE);
        }

        /** The same VPC with (or without) the VPC endpoints (each interface endpoint costs per hour and per AZ). */
        public Create withEndpoints(boolean value) {
            return new Create(cidr, natGateways, value);
        }
    }

    /**
     * Use an existing VPC: its id and at least two public and two private subnets, each pair in different
     * availability zones. Ids are checked at synth time; the zones (and that the subnets belong to the VPC) at plan
     * time, by preconditions on the load balancer and the ECS service.
     *
     * @param egressPublicIps the public addresses traffic from the private subnets leaves with, as an
     *                        internet-facing ALB sees it (e.g. a central egress VPC's NAT). Empty (the default): the
     *                        available NAT gateways of this VPC are looked up at plan time.
     */
    record Existing(String vpcId, List<String> publicSubnetIds, List<String> privateSubnetIds,
                    List<Cidr> egressPublicIps) implements VpcSource {
        private static final Pattern VPC_ID = Pattern.compile("^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$");
        private static final Pattern SUBNET_ID = Pattern.compile("^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$");

        public Existing {
            Check check = Check.in("VpcSource.Existing");
            check.matches("vpcId", vpcId, VPC_ID, "a VPC id such as vpc-0a1b2c3d4e5f60718",
                    "copy the id from the VPC console or `aws ec2 describe-vpcs`");
            publicSubnetIds = subnets(check, "publicSubnetIds", publicSubnetIds, "public");
            privateSubnetIds = subnets(check, "privateSubnetIds", privateSubnetIds, "private");
            egressPublicIps = List.copyOf(Check.orDefault(egressPublicIps, List.of()));
            for (Cidr cidr : egressPublicIps) {
                check.require(cidr.isIpv4() && cidr.prefixLength() >= 24, "egressPublicIps", cidr.value(),
                        "public IPv4 addresses or small blocks (/24 to /32), e.g. 203.0.113.10/32",
                        "list the Elastic IPs of the NAT gateways the private subnets route through");
            }
            for (String id : publicSubnetIds) {
                check.require(!privateSubnetIds.contains(id), "privateSubnetIds", privateSubnetIds,
                        "subnets that are not also listed as public (" + id + " is in both)",
                        "list the ALB's public subnets and the tasks' private subnets separately");
            }
        }

        /** An existing VPC whose own NAT gateways (looked up at plan time) carry the private subnets' egress. */
        public Existing(String vpcId, List<String> publicSubnetIds, List<String> privateSubnetIds) {
            this(vpcId, publicSubnetIds, privateSubnetIds, List.of());
        }

        /** The same VPC, whose private subnets leave through {@code addresses} (no NAT gateway lookup). */
        public Existing withEgressPublicIps(List<Cidr> addresses) {
            return new Existing(vpcId, publicSubnetIds, privateSubnetIds, addresses);
        }

        private static List<String> subnets(Check check, String field, List<String> ids, String kind) {
            check.atLeast(field, ids, 2, kind + " subnet ids in different availability zones",
                    "list two or more " + kind + " subnets, e.g. List.of(\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\")");
            check.distinct(field, ids, "remove the duplicate subnet id");
            for (String id : ids) {
                check.matches(field, id, SUBNET_ID, "subnet ids such as subnet-0123456789abcdef0",
                        "copy the ids from the VPC console or `aws ec2 describe-subnets`");
            }
            return List.copyOf(ids);
        }
    }
}
