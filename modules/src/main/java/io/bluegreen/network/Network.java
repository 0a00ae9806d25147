package io.bluegreen.network;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZones;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpc;
import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGateway;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociation;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    /** Known egress addresses (created NAT gateways' Elastic IPs, or given ones), keyed by a stable name. */
    private final Map<String, String> egressCidrs = new LinkedHashMap<>();
    private final VpcSource source;
    /** This network's stack, looked up once (sameStack). */
    private TerraformStack stack;
    /** Internet gateway, public route and route table associations of a created VPC (empty for an existing one). */
    private final List<ITerraformDependable> internetAccess = new ArrayList<>();
    /** Private default routes (through NAT) of a created VPC (empty for an existing one). */
    private final List<ITerraformDependable> privateEgress = new ArrayList<>();

    public Network(Construct scope, String id, NetworkProps props) {
        super(scope, id);
        this.source = props.source();
        if (props.source() instanceof VpcSource.Create create) {
            Created created = create(props.names(), create);
            this.vpcId = created.vpcId;
            this.vpcCidr = create.cidr().value();
            this.publicSubnetIds = created.publicSubnetIds;
            this.privateSubnetIds = created.privateSubnetIds;
        } else if (props.source() instanceof VpcSource.Existing existing) {
            DataAwsVpc vpc = DataAwsVpc.Builder.create(this, "Vpc").id(existing.vpcId()).build();
            this.vpcId = existing.vpcId();
            this.vpcCidr = vpc.getCidrBlock();
            this.publicSubnetIds = existing.publicSubnetIds();
            this.privateSubnetIds = existing.privateSubnetIds();
            existing.egressPublicIps().forEach(cidr -> egressCidrs.put(cidr.value(), cidr.value()));
        } else {
            throw new IllegalStateException("unknown VpcSource " + props.source());
        }
    }

    /**
     * For an existing VPC: a plan-time check, for a resource of {@code consumer}'s stack, that the public (ALB) or
     * private (tasks) subnets span at least two availability zones. Empty for a created VPC (true by construction).
     */
    public List<Precondition> spansTwoZones(boolean publicSubnets, Construct consumer) {
        if (source instanceof VpcSource.Existing existing) {
            return List.of(ExistingVpcLookups.of(consumer, existing).spansTwoZones(publicSubnets));
        }
        return List.of();
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
        Route publicRoute = Route.Builder.create(this, "PublicDefaultRoute")
                .routeTableId(publicRoutesId)
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igw.getId())
                .build();
        internetAccess.add(igw);
        internetAccess.add(publicRoute);

        List<String> publicIds = new ArrayList<>();
        List<String> privateIds = new ArrayList<>();
        List<String> privateRouteTables = new ArrayList<>();
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
            internetAccess.add(RouteTableAssociation.Builder.create(this, "PublicSubnet" + suffix.toUpperCase() + "Routes")
                    .subnetId(publicSubnetId)
                    .routeTableId(publicRoutesId)
                    .build());
            publicIds.add(publicSubnetId);
            if (az == 0 || create.natGateways() == VpcSource.NatGateways.ONE_PER_AZ) {
                String natId = "NatGateway" + suffix.toUpperCase();
                Eip eip = Eip.Builder.create(this, natId + "Ip")
                        .domain("vpc")
                        .tags(nameTag(names, "nat-" + suffix))
                        .build();
                egressCidrs.put(natId, eip.getPublicIp() + "/32");
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
            privateRouteTables.add(privateRoutesId);
            privateEgress.add(Route.Builder.create(this, "PrivateDefaultRoute" + suffix.toUpperCase())
                    .routeTableId(privateRoutesId)
                    .destinationCidrBlock("0.0.0.0/0")
                    .natGatewayId(nats.get(Math.min(az, nats.size() - 1)).getId())
                    .build());
            RouteTableAssociation.Builder.create(this, "PrivateSubnet" + suffix.toUpperCase() + "Routes")
                    .subnetId(privateSubnetId)
                    .routeTableId(privateRoutesId)
                    .build();
            privateIds.add(privateSubnetId);
        }
        if (create.endpoints()) {
            endpoints(names, vpcId, create.cidr(), privateIds, privateRouteTables);
        }
        return new Created(vpcId, List.copyOf(publicIds), List.copyOf(privateIds));
    }

    /** The interface endpoints {@link VpcSource.Create#endpoints()} adds, by construct id suffix and service. */
    static final Map<String, String> INTERFACE_ENDPOINTS = Map.of(
            "EcrApi", "ecr.api", "EcrDkr", "ecr.dkr", "Logs", "logs", "SecretsManager", "secretsmanager");

    /**
     * Interface endpoints with private DNS in the private subnets (HTTPS from the VPC only), and the S3 gateway
     * endpoint on the private route tables (ECR keeps image layers in S3).
     */
    private void endpoints(Names names, String vpcId, Cidr cidr, List<String> privateIds, List<String> routeTables) {
        String region = io.bluegreen.aws.AwsContext.of(this).region();
        SecurityGroup group = SecurityGroup.Builder.create(this, "EndpointsSecurityGroup")
                .name(names.physical("endpoints", NameLimit.SECURITY_GROUP))
                .description("VPC endpoints of " + names.base() + ": HTTPS from the VPC")
                .vpcId(vpcId)
                .build();
        VpcSecurityGroupIngressRule.Builder.create(this, "EndpointsHttpsFromVpc")
                .securityGroupId(group.getId())
                .cidrIpv4(cidr.value())
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .description("HTTPS from the VPC")
                .build();
        new java.util.TreeMap<>(INTERFACE_ENDPOINTS).forEach((id, service) -> VpcEndpoint.Builder.create(this, id + "Endpoint")
                .vpcId(vpcId)
                .serviceName("com.amazonaws." + region + "." + service)
                .vpcEndpointType("Interface")
                .privateDnsEnabled(true)
                .subnetIds(privateIds)
                .securityGroupIds(List.of(group.getId()))
                .tags(nameTag(names, service.replace(".", "-")))
                .build());
        VpcEndpoint.Builder.create(this, "S3Endpoint")
                .vpcId(vpcId)
                .serviceName("com.amazonaws." + region + ".s3")
                .vpcEndpointType("Gateway")
                .routeTableIds(routeTables)
                .tags(nameTag(names, "s3"))
                .build();
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

    /**
     * What an internet-facing resource (an ALB in the public subnets) of {@code consumer}'s stack must be created
     * after: the internet gateway,
     * the public default route and the public subnets' route table associations. Without them, AWS refuses an
     * internet-facing load balancer ("VPC has no internet gateway"). Empty for an existing VPC.
     */
    public List<ITerraformDependable> getInternetAccess(Construct consumer) {
        return sameStack(consumer, internetAccess);
    }

    /**
     * What a workload of {@code consumer}'s stack in the private subnets needs before it starts (tasks pulling an image, a function calling
     * AWS APIs): the private default routes through NAT. Empty for an existing VPC (already routed).
     */
    public List<ITerraformDependable> getPrivateEgress(Construct consumer) {
        return sameStack(consumer, privateEgress);
    }

    /**
     * {@code dependencies} when {@code consumer} is in this network's stack. A consumer in another stack (a service
     * stack using the environment's shared network) needs none: its stack is applied after the network's.
     */
    private List<ITerraformDependable> sameStack(Construct consumer, List<ITerraformDependable> dependencies) {
        // The same stack object (the jsii runtime hands back the Java object a stack was created as): one round trip.
        if (stack == null) {
            stack = TerraformStack.of(this);
        }
        return TerraformStack.of(consumer) == stack ? List.copyOf(dependencies) : List.of();
    }

    /**
     * The public addresses (CIDRs) that traffic from the private subnets leaves the VPC with, keyed by a stable name
     * (NAT gateway construct id, or the address itself): what an internet-facing ALB sees as the source of a request
     * made from inside the VPC (the smoke-test hook's). Empty when they are looked up at plan time instead
     * ({@link #getEgressLookup()}).
     */
    public Map<String, String> getEgressCidrs() {
        return Map.copyOf(egressCidrs);
    }

    /**
     * For an existing VPC without given egress addresses: its available public NAT gateways, looked up at plan time in
     * {@code consumer}'s stack. Null when the addresses are known ({@link #getEgressCidrs()}).
     */
    public EgressLookup getEgressLookup(Construct consumer) {
        if (source instanceof VpcSource.Existing existing && existing.egressPublicIps().isEmpty()) {
            return ExistingVpcLookups.of(consumer, existing).egress();
        }
        return null;
    }

    /**
     * NAT gateways looked up at plan time.
     *
     * @param publicAddressesById the public NAT gateways' ids to their public addresses (a map token; private NAT
     *                            gateways, which have none, are left out): iterate with for_each
     * @param found a precondition that at least one public gateway exists, for the resource that depends on them
     */
    public record EgressLookup(Map<String, String> publicAddressesById, Precondition found) {
    }
}
