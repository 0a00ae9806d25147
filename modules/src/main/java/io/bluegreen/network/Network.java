package io.bluegreen.network;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Op;
import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZones;
import com.hashicorp.cdktf.providers.aws.data_aws_subnet.DataAwsSubnet;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpc;
import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGateway;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociation;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment's network: public subnets for the load balancer, private subnets for the tasks.
 * Either creates a VPC (2 public + 2 private subnets over 2 AZs, internet gateway, NAT, routes) or reads an
 * existing one. Later constructs take this object and read the VPC and subnets through its getters.
 */
public class Network extends Construct {
    private static final int AZ_COUNT = 2;

    private final String vpcId;
    private final String vpcCidr;
    private final List<String> publicSubnetIds;
    private final List<String> privateSubnetIds;
    private final List<String> natPublicIps = new ArrayList<>();
    private final List<String> publicZones;
    private final List<String> privateZones;

    public Network(Construct scope, String id, NetworkProps props) {
        super(scope, id);
        if (props.source() instanceof VpcSource.Create create) {
            Created created = create(props.names(), create);
            this.vpcId = created.vpcId;
            this.vpcCidr = create.cidr().value();
            this.publicSubnetIds = created.publicSubnetIds;
            this.privateSubnetIds = created.privateSubnetIds;
            this.publicZones = List.of();
            this.privateZones = List.of();
        } else if (props.source() instanceof VpcSource.Existing existing) {
            DataAwsVpc vpc = DataAwsVpc.Builder.create(this, "Vpc").id(existing.vpcId()).build();
            this.vpcId = existing.vpcId();
            this.vpcCidr = vpc.getCidrBlock();
            this.publicSubnetIds = existing.publicSubnetIds();
            this.privateSubnetIds = existing.privateSubnetIds();
            this.publicZones = zones("PublicSubnet", existing.publicSubnetIds(), existing.vpcId());
            this.privateZones = zones("PrivateSubnet", existing.privateSubnetIds(), existing.vpcId());
        } else {
            throw new IllegalStateException("unknown VpcSource " + props.source());
        }
    }

    /** Reads each existing subnet (at plan time) for its availability zone; the subnet must be in the VPC. */
    private List<String> zones(String idPrefix, List<String> subnetIds, String vpc) {
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < subnetIds.size(); i++) {
            zones.add(DataAwsSubnet.Builder.create(this, idPrefix + i)
                    .id(subnetIds.get(i))
                    .vpcId(vpc)
                    .build()
                    .getAvailabilityZone());
        }
        return List.copyOf(zones);
    }

    /**
     * For an existing VPC: a plan-time check that the public (ALB) or private (tasks) subnets span at least two
     * availability zones, to attach to the resource that needs them. Empty for a created VPC (true by construction).
     */
    public List<Precondition> spansTwoZones(boolean publicSubnets) {
        List<String> zones = publicSubnets ? publicZones : privateZones;
        if (zones.isEmpty()) {
            return List.of();
        }
        String which = publicSubnets ? "publicSubnetIds" : "privateSubnetIds";
        return List.of(Precondition.builder()
                .condition(Op.gte(Fn.lengthOf(Fn.distinct(zones)), 2))
                .errorMessage("The " + which + " of this environment must lie in at least two availability zones;"
                        + " list subnets from two different zones in VpcSource.Existing.")
                .build());
    }

    private record Created(String vpcId, List<String> publicSubnetIds, List<String> privateSubnetIds) {
    }

    private Created create(Names names, VpcSource.Create create) {
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .cidrBlock(create.cidr().value())
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .tags(nameTag(names, "vpc"))
                .build();
        // Each getter is a round trip to the jsii runtime: read every token once.
        String vpcId = vpc.getId();
        DataAwsAvailabilityZones zones = DataAwsAvailabilityZones.Builder.create(this, "AvailabilityZones")
                .state("available")
                .build();
        InternetGateway igw = InternetGateway.Builder.create(this, "InternetGateway")
                .vpcId(vpcId)
                .tags(nameTag(names, "igw"))
                .build();

        RouteTable publicRoutes = RouteTable.Builder.create(this, "PublicRouteTable")
                .vpcId(vpcId)
                .tags(nameTag(names, "public"))
                .build();
        String publicRoutesId = publicRoutes.getId();
        List<String> zoneNames = zones.getNames();
        Route.Builder.create(this, "PublicDefaultRoute")
                .routeTableId(publicRoutesId)
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igw.getId())
                .build();

        List<String> publicIds = new ArrayList<>();
        List<String> privateIds = new ArrayList<>();
        List<NatGateway> nats = new ArrayList<>();
        for (int az = 0; az < AZ_COUNT; az++) {
            String suffix = String.valueOf((char) ('a' + az));
            String zone = Token.asString(Fn.element(zoneNames, az));
            Subnet publicSubnet = Subnet.Builder.create(this, "PublicSubnet" + suffix.toUpperCase())
                    .vpcId(vpcId)
                    .cidrBlock(create.cidr().subnet(2, az).value())
                    .availabilityZone(zone)
                    .mapPublicIpOnLaunch(false)
                    .tags(nameTag(names, "public-" + suffix))
                    .build();
            String publicSubnetId = publicSubnet.getId();
            RouteTableAssociation.Builder.create(this, "PublicSubnet" + suffix.toUpperCase() + "Routes")
                    .subnetId(publicSubnetId)
                    .routeTableId(publicRoutesId)
                    .build();
            publicIds.add(publicSubnetId);
            if (az == 0 || create.natGateways() == VpcSource.NatGateways.ONE_PER_AZ) {
                String natId = "NatGateway" + suffix.toUpperCase();
                Eip eip = Eip.Builder.create(this, natId + "Ip")
                        .domain("vpc")
                        .tags(nameTag(names, "nat-" + suffix))
                        .build();
                natPublicIps.add(eip.getPublicIp());
                nats.add(NatGateway.Builder.create(this, natId)
                        .allocationId(eip.getId())
                        .subnetId(publicSubnetId)
                        .tags(nameTag(names, "nat-" + suffix))
                        .dependsOn(List.of(igw))
                        .build());
            }
        }
        for (int az = 0; az < AZ_COUNT; az++) {
            String suffix = String.valueOf((char) ('a' + az));
            String zone = Token.asString(Fn.element(zoneNames, az));
            Subnet privateSubnet = Subnet.Builder.create(this, "PrivateSubnet" + suffix.toUpperCase())
                    .vpcId(vpcId)
                    .cidrBlock(create.cidr().subnet(2, AZ_COUNT + az).value())
                    .availabilityZone(zone)
                    .tags(nameTag(names, "private-" + suffix))
                    .build();
            String privateSubnetId = privateSubnet.getId();
            RouteTable privateRoutes = RouteTable.Builder.create(this, "PrivateRouteTable" + suffix.toUpperCase())
                    .vpcId(vpcId)
                    .tags(nameTag(names, "private-" + suffix))
                    .build();
            String privateRoutesId = privateRoutes.getId();
            Route.Builder.create(this, "PrivateDefaultRoute" + suffix.toUpperCase())
                    .routeTableId(privateRoutesId)
                    .destinationCidrBlock("0.0.0.0/0")
                    .natGatewayId(nats.get(Math.min(az, nats.size() - 1)).getId())
                    .build();
            RouteTableAssociation.Builder.create(this, "PrivateSubnet" + suffix.toUpperCase() + "Routes")
                    .subnetId(privateSubnetId)
                    .routeTableId(privateRoutesId)
                    .build();
            privateIds.add(privateSubnetId);
        }
        return new Created(vpcId, List.copyOf(publicIds), List.copyOf(privateIds));
    }

    private static Map<String, String> nameTag(Names names, String role) {
        return Map.of("Name", names.physical(role, NameLimit.TAG));
    }

    public String getVpcId() {
        return vpcId;
    }

    /** The VPC's IPv4 block (a literal for a created VPC, read from AWS for an existing one). */
    public String getVpcCidr() {
        return vpcCidr;
    }

    public List<String> getPublicSubnetIds() {
        return publicSubnetIds;
    }

    public List<String> getPrivateSubnetIds() {
        return privateSubnetIds;
    }

    /** Public addresses of the NAT gateways this construct created (empty for an existing VPC). */
    public List<String> getNatPublicIps() {
        return List.copyOf(natPublicIps);
    }
}
