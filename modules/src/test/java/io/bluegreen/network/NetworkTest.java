package io.bluegreen.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {
    private static JsonNode created;
    private static JsonNode perAz;
    private static JsonNode existing;
    private static Network existingNetwork;

    @BeforeAll
    static void synth() {
        TerraformStack a = Synth.newStack();
        new Network(a, "Network", new NetworkProps(Synth.NAMES, VpcSource.Create.of("10.10.0.0/16")));
        created = json(a);

        TerraformStack b = Synth.newStack();
        new Network(b, "Network", new NetworkProps(Synth.NAMES,
                new VpcSource.Create(Cidr.of("10.20.0.0/16"), VpcSource.NatGateways.ONE_PER_AZ).withEndpoints(true)));
        perAz = json(b);

        TerraformStack c = Synth.newStack();
        existingNetwork = new Network(c, "Network", new NetworkProps(Synth.NAMES, Fixtures.existingVpc()));
        existing = json(c);
    }

    @Test
    void endpointsKeepEcrLogsSecretsAndS3TrafficInTheVpcWhenAsked() throws Exception {
        assertTrue(resources(created, "aws_vpc_endpoint").isEmpty(), "none unless asked (they cost per hour and AZ)");
        Map<String, JsonNode> endpoints = resources(perAz, "aws_vpc_endpoint");
        Set<String> services = new HashSet<>();
        String group = Synth.ref(perAz, "aws_security_group", "EndpointsSecurityGroup", "id");
        endpoints.values().forEach(e -> {
            String name = e.path("service_name").asText();
            assertTrue(name.startsWith("com.amazonaws.${data.aws_region."), name);
            String service = name.substring(name.lastIndexOf("}.") + 2);
            services.add(service);
            if (service.equals("s3")) {
                assertEquals("Gateway", e.path("vpc_endpoint_type").asText());
                assertEquals(2, e.path("route_table_ids").size(), "both private route tables");
            } else {
                assertEquals("Interface", e.path("vpc_endpoint_type").asText());
                assertTrue(e.path("private_dns_enabled").asBoolean(), service + ": the SDKs' default host names resolve to it");
                assertEquals(2, e.path("subnet_ids").size(), service);
                assertEquals(List.of(group), Synth.texts(e.path("security_group_ids")), service);
            }
        });
        assertEquals(Set.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "s3"), services);
        JsonNode https = Synth.only(perAz, "aws_vpc_security_group_ingress_rule");
        assertEquals("10.20.0.0/16", https.path("cidr_ipv4").asText());
        assertEquals(443, https.path("from_port").asInt());
    }

    @Test
    void createsVpcWithDnsAndTheGivenBlock() {
        JsonNode vpc = Synth.only(created, "aws_vpc");
        assertEquals("10.10.0.0/16", vpc.path("cidr_block").asText());
        assertTrue(vpc.path("enable_dns_hostnames").asBoolean());
        assertEquals("shop-dev-vpc", vpc.path("tags").path("Name").asText());
    }

    @Test
    void createsTwoPublicAndTwoPrivateSubnetsInTwoZones() {
        Map<String, JsonNode> subnets = resources(created, "aws_subnet");
        assertEquals(4, subnets.size(), subnets.keySet().toString());
        Set<String> cidrs = new HashSet<>();
        Set<String> publicZones = new HashSet<>();
        Set<String> privateZones = new HashSet<>();
        subnets.forEach((address, subnet) -> {
            cidrs.add(subnet.path("cidr_block").asText());
            assertFalse(subnet.path("map_public_ip_on_launch").asBoolean(), address + " must not assign public IPs");
            (address.contains("Public") ? publicZones : privateZones).add(subnet.path("availability_zone").asText());
        });
        assertEquals(Set.of("10.10.0.0/18", "10.10.64.0/18", "10.10.128.0/18", "10.10.192.0/18"), cidrs);
        assertEquals(2, publicZones.size(), "public subnets in two zones: " + publicZones);
        assertEquals(publicZones, privateZones);
        assertTrue(publicZones.stream().allMatch(z -> z.contains("data.aws_availability_zones")), publicZones.toString());
    }

    @Test
    void routesPublicSubnetsToTheInternetGateway() {
        JsonNode route = Synth.named(created, "aws_route", "PublicDefaultRoute");
        assertEquals("0.0.0.0/0", route.path("destination_cidr_block").asText());
        assertEquals(Synth.ref(created, "aws_internet_gateway", "InternetGateway", "id"), route.path("gateway_id").asText());
    }

    @Test
    void usesOneNatGatewayByDefaultForBothPrivateSubnets() {
        assertEquals(1, resources(created, "aws_nat_gateway").size());
        String nat = Synth.ref(created, "aws_nat_gateway", "NatGateway", "id");
        assertEquals(nat, Synth.named(created, "aws_route", "PrivateDefaultRouteA").path("nat_gateway_id").asText());
        assertEquals(nat, Synth.named(created, "aws_route", "PrivateDefaultRouteB").path("nat_gateway_id").asText());
    }

    @Test
    void usesOneNatGatewayPerZoneWhenAsked() {
        assertEquals(2, resources(perAz, "aws_nat_gateway").size());
        assertEquals(Synth.ref(perAz, "aws_nat_gateway", "NatGatewayB_", "id"),
                Synth.named(perAz, "aws_route", "PrivateDefaultRouteB").path("nat_gateway_id").asText());
    }

    @Test
    void existingVpcCreatesNoNetworkResources() {
        assertTrue(resources(existing, "aws_vpc").isEmpty());
        assertTrue(resources(existing, "aws_subnet").isEmpty());
        assertEquals("vpc-0a1b2c3d4e5f60718",
                Synth.dataSources(existing, "aws_vpc").values().iterator().next().path("id").asText());
        assertEquals(List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"), existingNetwork.getPrivateSubnetIds());
        assertTrue(existingNetwork.getVpcCidr().contains("${TfToken"), "VPC CIDR is read from AWS");
    }

    @Test
    void failsForASingleSubnet() {
        assertInvalid(() -> new VpcSource.Existing("vpc-0a1b2c3d4e5f60718",
                List.of("subnet-0a1b2c3d4e5f60711"), List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722")),
                "publicSubnetIds", "at least 2");
    }

    @Test
    void failsForMalformedVpcId() {
        assertInvalid(() -> new VpcSource.Existing("my-vpc",
                List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"),
                List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722")), "vpcId", "'my-vpc'");
    }

    @Test
    void failsForSubnetListedAsPublicAndPrivate() {
        assertInvalid(() -> new VpcSource.Existing("vpc-0a1b2c3d4e5f60718",
                List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"),
                List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722")), "privateSubnetIds", "in both");
    }

    @Test
    void failsForVpcBlockTooLarge() {
        assertInvalid(() -> VpcSource.Create.of("10.0.0.0/8"), "cidr", "'10.0.0.0/8'", "/16 to /24");
    }

    @Test
    void failsForAnEgressAddressThatIsNotASmallIpv4Block() {
        assertInvalid(() -> io.bluegreen.Fixtures.existingVpc().withEgressPublicIps(List.of(Cidr.of("10.0.0.0/8"))),
                "egressPublicIps = '10.0.0.0/8'", "/24 to /32", "Elastic IPs");
    }
}
