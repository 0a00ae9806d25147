package io.bluegreen.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.naming.Names;
import io.bluegreen.network.Cidr;
import io.bluegreen.network.Network;
import io.bluegreen.network.NetworkProps;
import io.bluegreen.network.VpcSource;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bluegreen.Fixtures.existingVpc;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.ref;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficLayerTest {
    static final String CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    private static JsonNode http;
    private static JsonNode https;

    /** A dev-like layer: created VPC, no certificate. */
    static TrafficLayer httpLayer(TerraformStack stack) {
        Network network = new Network(stack, "Network", new NetworkProps(Synth.NAMES, VpcSource.Create.of("10.10.0.0/16")));
        return new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 80, TrafficSettings.DEFAULT));
    }

    /** A prod-like layer: existing VPC, certificate, deletion protection, access logs, office test range. */
    static TrafficLayer httpsLayer(TerraformStack stack) {
        Names names = new Names("shop", "prod");
        Network network = new Network(stack, "Network", new NetworkProps(names, existingVpc()));
        return new TrafficLayer(stack, "Traffic", new TrafficLayerProps(names, network, 8000,
                TrafficSettings.DEFAULT.withCertificateArn(CERT)
                        .withDeletionProtection(true)
                        .withTestIngress(List.of(Cidr.of("203.0.113.0/24")))
                        .withAccessLogs(new TrafficSettings.AccessLogs("shop-alb-logs", "prod"))
                        .withEgress(List.of(TrafficSettings.Egress.tcp("PostgreSQL in the VPC", "10.0.0.0/16", 5432)))));
    }

    @BeforeAll
    static void synth() {
        TerraformStack a = Synth.newStack();
        httpLayer(a);
        http = json(a);
        TerraformStack b = Synth.newStack();
        httpsLayer(b);
        https = json(b);
    }

    @Test
    void tasksReachOnlyHttpsAndWhatTheServiceDeclares() {
        JsonNode https443 = named(http, "aws_vpc_security_group_egress_rule", "TasksEgress");
        assertEquals("tcp", https443.path("ip_protocol").asText());
        assertEquals(443, https443.path("from_port").asInt());
        assertEquals(443, https443.path("to_port").asInt());
        assertEquals(ref(http, "aws_security_group", "TasksSecurityGroup", "id"), https443.path("security_group_id").asText());
        assertEquals(2, resources(http, "aws_vpc_security_group_egress_rule").size(), "ALB to tasks, tasks to HTTPS: nothing else");
        JsonNode db = named(https, "aws_vpc_security_group_egress_rule", "Egress5432");
        assertEquals("10.0.0.0/16", db.path("cidr_ipv4").asText());
        assertEquals(5432, db.path("from_port").asInt());
        assertEquals(5432, db.path("to_port").asInt());
        assertEquals("PostgreSQL in the VPC", db.path("description").asText());
        assertInvalid(() -> TrafficSettings.Egress.tcp("db", "10.0.0.0/16", 0), "fromPort", "1");
    }

    @Test
    void albIsInternetFacingInPublicSubnetsAndDropsInvalidHeaders() {
        JsonNode alb = Synth.only(http, "aws_lb");
        assertEquals("application", alb.path("load_balancer_type").asText());
        assertFalse(alb.path("internal").asBoolean());
        assertTrue(alb.path("drop_invalid_header_fields").asBoolean());
        assertFalse(alb.path("enable_deletion_protection").asBoolean());
        assertEquals(List.of(ref(http, "aws_subnet", "PublicSubnetA", "id"), ref(http, "aws_subnet", "PublicSubnetB", "id")),
                Synth.texts(alb.path("subnets")));
        assertEquals(List.of(ref(http, "aws_security_group", "AlbSecurityGroup", "id")), Synth.texts(alb.path("security_groups")));
    }

    @Test
    void prodAlbHasDeletionProtectionAndAccessLogs() {
        JsonNode alb = Synth.only(https, "aws_lb");
        assertTrue(alb.path("enable_deletion_protection").asBoolean());
        assertEquals("shop-alb-logs", alb.path("access_logs").path("bucket").asText());
        assertTrue(alb.path("access_logs").path("enabled").asBoolean());
        assertEquals(List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"), Synth.texts(alb.path("subnets")));
    }

    @Test
    void existingSubnetsAreCheckedAtPlanTimeToSpanTwoZones() {
        JsonNode precondition = Synth.only(https, "aws_lb").path("lifecycle").path("precondition").get(0);
        String condition = precondition.path("condition").asText();
        assertTrue(condition.contains("length(distinct(") && condition.contains(">= 2"), condition);
        assertTrue(condition.contains("data.aws_subnet.ExistingVpc_Subnet_subnet_0a1b2c3d4e5f60711") && condition.contains("availability_zone"), condition);
        assertTrue(precondition.path("error_message").asText().contains("publicSubnetIds"));
        assertEquals(2, Synth.dataSources(https, "aws_subnet").size(), "the public subnets, looked up where they are used");
        assertTrue(Synth.only(http, "aws_lb").path("lifecycle").isMissingNode(), "a created VPC needs no check");
    }

    @Test
    void internalAlbSitsInPrivateSubnets() {
        TerraformStack stack = Synth.newStack();
        Network network = new Network(stack, "Network", new NetworkProps(Synth.NAMES, existingVpc()));
        new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 80, TrafficSettings.DEFAULT.withInternal(true)));
        JsonNode alb = Synth.only(json(stack), "aws_lb");
        assertTrue(alb.path("internal").asBoolean());
        assertEquals(List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"), Synth.texts(alb.path("subnets")));
    }

    @Test
    void blueAndGreenTargetGroupsSendHttpToTheContainerPortByIp() {
        for (String color : List.of("Blue", "Green")) {
            JsonNode tg = named(https, "aws_lb_target_group", color);
            assertEquals("ip", tg.path("target_type").asText());
            assertEquals("HTTP", tg.path("protocol").asText());
            assertEquals(8000, tg.path("port").asInt());
            assertEquals("vpc-0a1b2c3d4e5f60718", tg.path("vpc_id").asText());
            assertEquals("30", tg.path("deregistration_delay").asText());
            JsonNode hc = tg.path("health_check");
            assertEquals("/", hc.path("path").asText());
            assertEquals("200-399", hc.path("matcher").asText());
            assertEquals(15, hc.path("interval").asInt());
            assertEquals(5, hc.path("timeout").asInt());
            assertEquals(2, hc.path("healthy_threshold").asInt());
            assertEquals(3, hc.path("unhealthy_threshold").asInt());
            assertEquals("shop-prod-" + color.toLowerCase(), tg.path("name").asText());
        }
    }

    @Test
    void withoutCertificateProdListenerIsHttp80ForwardingToBlue() {
        JsonNode prod = named(http, "aws_lb_listener", "ProdListener");
        assertEquals(80, prod.path("port").asInt());
        assertEquals("HTTP", prod.path("protocol").asText());
        assertEquals(ref(http, "aws_lb_target_group", "Blue", "arn"), prod.path("default_action").get(0).path("target_group_arn").asText());
        assertEquals(2, resources(http, "aws_lb_listener").size(), "no redirect listener without a certificate");
    }

    @Test
    void withoutCertificateTestListenerIsHttp8080ForwardingToGreen() {
        JsonNode test = named(http, "aws_lb_listener", "TestListener");
        assertEquals(8080, test.path("port").asInt());
        assertEquals("HTTP", test.path("protocol").asText());
        assertEquals(ref(http, "aws_lb_target_group", "Green", "arn"), test.path("default_action").get(0).path("target_group_arn").asText());
    }

    @Test
    void withCertificateBothListenersAreHttpsWithATls12PlusPolicy() {
        for (String id : List.of("ProdListener", "TestListener")) {
            JsonNode listener = named(https, "aws_lb_listener", id);
            assertEquals("HTTPS", listener.path("protocol").asText(), id);
            assertEquals(CERT, listener.path("certificate_arn").asText(), id);
            assertEquals("ELBSecurityPolicy-TLS13-1-2-2021-06", listener.path("ssl_policy").asText(), id);
        }
        assertEquals(443, named(https, "aws_lb_listener", "ProdListener").path("port").asInt());
        assertEquals(ref(https, "aws_lb_target_group", "Blue", "arn"),
                named(https, "aws_lb_listener", "ProdListener").path("default_action").get(0).path("target_group_arn").asText());
    }

    @Test
    void withCertificateHttpRedirectsTo443With301() {
        JsonNode redirect = named(https, "aws_lb_listener", "HttpRedirect");
        assertEquals(80, redirect.path("port").asInt());
        assertEquals("HTTP", redirect.path("protocol").asText());
        JsonNode action = redirect.path("default_action").get(0);
        assertEquals("redirect", action.path("type").asText());
        assertEquals("HTTPS", action.path("redirect").path("protocol").asText());
        assertEquals("443", action.path("redirect").path("port").asText());
        assertEquals("HTTP_301", action.path("redirect").path("status_code").asText());
    }

    @Test
    void bothForwardingListenersIgnoreDefaultActionChanges() {
        for (JsonNode json : List.of(http, https)) {
            for (String id : List.of("ProdListener", "TestListener")) {
                assertEquals(List.of("default_action"),
                        Synth.texts(named(json, "aws_lb_listener", id).path("lifecycle").path("ignore_changes")), id);
            }
        }
    }

    private static List<JsonNode> ingressOnPort(JsonNode json, int port) {
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> rule : resources(json, "aws_vpc_security_group_ingress_rule").entrySet()) {
            if (rule.getValue().path("from_port").asInt() == port) {
                out.add(rule.getValue());
            }
        }
        return out;
    }

    @Test
    void testPortIsOpenOnlyToTheVpcAndItsNatAddressesByDefault() {
        List<JsonNode> rules = ingressOnPort(http, 8080);
        assertEquals(List.of(ref(http, "aws_eip", "NatGatewayAIp", "public_ip") + "/32", "10.10.0.0/16"),
                rules.stream().map(r -> r.path("cidr_ipv4").asText()).sorted().toList());
        rules.forEach(r -> assertEquals(ref(http, "aws_security_group", "AlbSecurityGroup", "id"), r.path("security_group_id").asText()));
    }

    @Test
    void testPortIsOpenOnlyToTheGivenAllowListAndTheVpcsOwnNatAddresses() {
        List<JsonNode> rules = ingressOnPort(https, 8080);
        assertEquals(List.of("${each.value}/32", "203.0.113.0/24"), rules.stream().map(r -> r.path("cidr_ipv4").asText()).sorted().toList());
    }

    @Test
    void anExistingVpcsNatAddressesAreLookedUpAtPlanTime() {
        // Requests from the private subnets (the smoke-test hook's) reach an internet-facing ALB from these.
        JsonNode gateways = Synth.dataSources(https, "aws_nat_gateways").values().iterator().next();
        assertEquals("vpc-0a1b2c3d4e5f60718", gateways.path("vpc_id").asText());
        assertEquals("state", gateways.path("filter").get(0).path("name").asText());
        assertEquals(List.of("available"), Synth.texts(gateways.path("filter").get(0).path("values")));
        String ids = "${toset(data.aws_nat_gateways." + Synth.fields(https.path("data").path("aws_nat_gateways")).keySet()
                .iterator().next() + ".ids)}";
        JsonNode gateway = Synth.dataSources(https, "aws_nat_gateway").values().iterator().next();
        assertEquals(ids, gateway.path("for_each").asText());
        assertEquals("${each.value}", gateway.path("id").asText());
        JsonNode rule = resources(https, "aws_vpc_security_group_ingress_rule").get(
                Synth.address(https, "aws_vpc_security_group_ingress_rule", "AlbTestIngressNat"));
        String natData = "data.aws_nat_gateway." + Synth.fields(https.path("data").path("aws_nat_gateway")).keySet().iterator().next();
        String local = Synth.fields(https.path("locals")).keySet().iterator().next();
        assertEquals("${{ for id, nat in " + natData + " : id => nat.public_ip if nat.connectivity_type == \"public\" }}",
                https.path("locals").path(local).asText(), "public gateways only (a private one has no address)");
        assertEquals("${local." + local + "}", rule.path("for_each").asText(), "one rule per public gateway, keyed by its id");
        assertEquals("${each.value}/32", rule.path("cidr_ipv4").asText());
    }

    @Test
    void givenEgressAddressesReplaceTheLookup() {
        TerraformStack stack = Synth.newStack();
        Network network = new Network(stack, "Network", new NetworkProps(Synth.NAMES,
                existingVpc().withEgressPublicIps(List.of(Cidr.of("198.51.100.7/32")))));
        new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 80, TrafficSettings.DEFAULT));
        JsonNode given = json(stack);
        assertTrue(Synth.dataSources(given, "aws_nat_gateways").isEmpty());
        assertTrue(ingressOnPort(given, 8080).stream().anyMatch(r -> r.path("cidr_ipv4").asText().equals("198.51.100.7/32")));
    }

    @Test
    void anInternalAlbAdmitsNoNatAddresses() {
        TerraformStack stack = Synth.newStack();
        Network network = new Network(stack, "Network", new NetworkProps(Synth.NAMES, existingVpc()));
        new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 80,
                TrafficSettings.DEFAULT.withInternal(true)));
        JsonNode internal = json(stack);
        assertTrue(Synth.dataSources(internal, "aws_nat_gateways").isEmpty());
        assertEquals(1, ingressOnPort(internal, 8080).size(), "the VPC block only");
    }

    @Test
    void reorderingTheAllowListKeepsEveryAddress() {
        TerraformStack one = Synth.newStack();
        TerraformStack two = Synth.newStack();
        List<Cidr> cidrs = List.of(Cidr.of("203.0.113.0/24"), Cidr.of("198.51.100.0/24"));
        for (var pair : List.of(java.util.Map.entry(one, cidrs), java.util.Map.entry(two, List.of(cidrs.get(1), cidrs.get(0))))) {
            Network network = new Network(pair.getKey(), "Network", new NetworkProps(Synth.NAMES, VpcSource.Create.of("10.10.0.0/16")));
            new TrafficLayer(pair.getKey(), "Traffic", new TrafficLayerProps(Synth.NAMES, network, 80,
                    TrafficSettings.DEFAULT.withTestIngress(pair.getValue()).withProdIngress(pair.getValue())));
        }
        JsonNode a = json(one);
        JsonNode b = json(two);
        for (String address : resources(a, "aws_vpc_security_group_ingress_rule").keySet()) {
            assertEquals(resources(a, "aws_vpc_security_group_ingress_rule").get(address).path("cidr_ipv4"),
                    resources(b, "aws_vpc_security_group_ingress_rule").get(address).path("cidr_ipv4"), address);
        }
    }

    @Test
    void anInternetFacingAlbInACreatedVpcWaitsForTheInternetGatewayAndPublicRoutes() {
        List<String> dependsOn = Synth.texts(Synth.only(http, "aws_lb").path("depends_on"));
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_internet_gateway.")), dependsOn.toString());
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_route.") && d.contains("PublicDefaultRoute")), dependsOn.toString());
        assertEquals(2, dependsOn.stream().filter(d -> d.startsWith("aws_route_table_association.")).count(), dependsOn.toString());
    }

    @Test
    void prodPortsAreOpenToAnywhereByDefault() {
        assertEquals("0.0.0.0/0", ingressOnPort(http, 80).get(0).path("cidr_ipv4").asText());
        assertEquals("0.0.0.0/0", ingressOnPort(https, 443).get(0).path("cidr_ipv4").asText());
        assertEquals("0.0.0.0/0", ingressOnPort(https, 80).get(0).path("cidr_ipv4").asText());
    }

    @Test
    void tasksAcceptTheContainerPortFromTheAlbSecurityGroupOnly() {
        List<JsonNode> rules = ingressOnPort(https, 8000);
        assertEquals(1, rules.size());
        JsonNode rule = rules.get(0);
        assertEquals(ref(https, "aws_security_group", "TasksSecurityGroup", "id"), rule.path("security_group_id").asText());
        assertEquals(ref(https, "aws_security_group", "AlbSecurityGroup", "id"), rule.path("referenced_security_group_id").asText());
        assertTrue(rule.path("cidr_ipv4").isMissingNode());
    }

    @Test
    void namesFitTheAlbLimitAndDifferAcrossEnvironments() {
        Names longest = new Names("payments-gateway-api", "production");
        TerraformStack stack = Synth.newStack();
        Network network = new Network(stack, "Network", new NetworkProps(longest, existingVpc()));
        new TrafficLayer(stack, "Traffic", new TrafficLayerProps(longest, network, 80, TrafficSettings.DEFAULT));
        JsonNode json = json(stack);
        List<String> names = new ArrayList<>();
        names.add(Synth.only(json, "aws_lb").path("name").asText());
        resources(json, "aws_lb_target_group").values().forEach(tg -> names.add(tg.path("name").asText()));
        names.forEach(n -> assertTrue(n.length() <= 32, n + " is longer than 32"));
        assertEquals(3, names.stream().distinct().count(), names.toString());
        assertFalse(names.contains(Synth.only(https, "aws_lb").path("name").asText()));
    }

    @Test
    void failsWhenTestPortEqualsProdPort() {
        assertInvalid(() -> TrafficSettings.DEFAULT.withPorts(80, 80), "testPort = 80", "different from prodPort (80)");
    }

    @Test
    void failsForPortOutsideRange() {
        assertInvalid(() -> TrafficSettings.DEFAULT.withPorts(80, 70000), "testPort = 70000", "1 to 65535");
        assertInvalid(() -> TrafficSettings.DEFAULT.withPorts(0 - 1, 8080), "prodPort = -1", "1 to 65535");
    }

    @Test
    void failsWhenHealthCheckTimeoutIsNotBelowInterval() {
        assertInvalid(() -> new HealthCheck("/", "200", 10, 10, 2, 3), "timeoutSeconds = 10", "below intervalSeconds (10)");
    }

    @Test
    void failsForThresholdOutside2To10() {
        assertInvalid(() -> new HealthCheck("/", "200", 15, 5, 1, 3), "healthyThreshold = 1", "2 to 10");
        assertInvalid(() -> new HealthCheck("/", "200", 15, 5, 2, 11), "unhealthyThreshold = 11", "2 to 10");
    }

    @Test
    void failsForCertificateThatIsNotAnAcmArn() {
        assertInvalid(() -> TrafficSettings.DEFAULT.withCertificateArn("arn:aws:iam::123456789012:server-certificate/x"),
                "certificateArn", "ACM certificate ARN");
    }

    @Test
    void failsForMalformedCidr() {
        assertInvalid(() -> TrafficSettings.DEFAULT.withTestIngress(List.of(Cidr.of("10.0.0.0/40"))), "'10.0.0.0/40'");
    }

    @Test
    void failsForPublicTestPortWithoutOptIn() {
        assertInvalid(() -> TrafficSettings.DEFAULT.withTestIngress(List.of(Cidr.ANY_IPV4)),
                "testIngressCidrs = '0.0.0.0/0'", "allowTestPortFromInternet");
        assertInvalid(() -> TrafficSettings.DEFAULT.withTestIngress(List.of(Cidr.ANY_IPV6)), "'::/0'");
    }

    @Test
    void opensTheTestPortToTheInternetOnlyWithTheNamedOptIn() {
        TrafficSettings open = TrafficSettings.DEFAULT.withTestPortOpenToInternet(List.of(Cidr.ANY_IPV4));
        assertTrue(open.allowTestPortFromInternet());
        assertEquals(List.of(Cidr.ANY_IPV4), open.testIngressCidrs());
    }

    @Test
    void failsForFewerThanTwoSubnets() {
        assertInvalid(() -> new VpcSource.Existing("vpc-0a1b2c3d4e5f60718", List.of("subnet-0a1b2c3d4e5f60711"),
                List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722")), "publicSubnetIds", "at least 2");
    }

    @Test
    void failsForContainerPortOutsideRange() {
        TerraformStack stack = Synth.newStack();
        Network network = new Network(stack, "Network", new NetworkProps(Synth.NAMES, existingVpc()));
        assertInvalid(() -> new TrafficLayerProps(Synth.NAMES, network, 0, null), "containerPort = 0", "1 to 65535");
    }
}
