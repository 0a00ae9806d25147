package io.bluegreen.traffic;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.MapTerraformIterator;
import com.hashicorp.cdktf.TerraformIterator;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb.LbAccessLogs;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultAction;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultActionRedirect;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupHealthCheck;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.network.Cidr;
import io.bluegreen.network.Network;
import software.constructs.Construct;

import java.util.List;

/**
 * What CodeDeploy needs to shift traffic: an ALB with a blue and a green target group, a production listener
 * (HTTPS on 443 plus an HTTP->HTTPS redirect, or plain HTTP 80 without a certificate) forwarding to blue, a test
 * listener (default 8080) forwarding to green, and the security groups of the ALB and the tasks.
 * Both listeners ignore changes to {@code default_action}: CodeDeploy swaps them on every deployment and
 * Terraform must not swap them back.
 */
public class TrafficLayer extends Construct {
    /** Listener attribute that CodeDeploy owns after the first deployment. */
    public static final String CODEDEPLOY_OWNED_LISTENER_ATTRIBUTE = "default_action";

    private final TrafficSettings settings;
    private final SecurityGroup albSecurityGroup;
    private final SecurityGroup tasksSecurityGroup;
    private final Lb loadBalancer;
    private final LbTargetGroup blueTargetGroup;
    private final LbTargetGroup greenTargetGroup;
    private final LbListener prodListener;
    private final LbListener testListener;
    private final int containerPort;
    private final Targets targets;
    // Each getter is a round trip to the jsii runtime: read every token once.
    private final String albSecurityGroupId;
    private final String tasksSecurityGroupId;
    private final String loadBalancerArn;

    public TrafficLayer(Construct scope, String id, TrafficLayerProps props) {
        super(scope, id);
        Names names = props.names();
        this.settings = props.settings();
        this.containerPort = props.containerPort();
        this.targets = props.targets();
        boolean blueGreen = targets == Targets.IP_BLUE_GREEN;
        Network net = props.network();

        albSecurityGroup = SecurityGroup.Builder.create(this, "AlbSecurityGroup")
                .name(names.physical("alb", NameLimit.SECURITY_GROUP))
                .description("ALB of " + names.base() + ": production and test listeners")
                .vpcId(net.getVpcId())
                .build();
        albSecurityGroupId = albSecurityGroup.getId();
        tasksSecurityGroup = blueGreen
                ? SecurityGroup.Builder.create(this, "TasksSecurityGroup")
                        .name(names.physical("tasks", NameLimit.SECURITY_GROUP))
                        .description("Tasks of " + names.base() + ": container port from the ALB only")
                        .vpcId(net.getVpcId())
                        .build()
                : SecurityGroup.Builder.create(this, "InstancesSecurityGroup")
                        .name(names.physical("instances", NameLimit.SECURITY_GROUP))
                        .description("Instances of " + names.base() + ": application port from the ALB only")
                        .vpcId(net.getVpcId())
                        .build();
        tasksSecurityGroupId = tasksSecurityGroup.getId();
        securityRules(net);

        Lb.Builder lb = Lb.Builder.create(this, "LoadBalancer")
                .name(names.physical("alb", NameLimit.LOAD_BALANCER))
                .loadBalancerType("application")
                .internal(settings.internal())
                .securityGroups(List.of(albSecurityGroupId))
                .subnets(settings.internal() ? net.getPrivateSubnetIds() : net.getPublicSubnetIds())
                .dropInvalidHeaderFields(true)
                .enableDeletionProtection(settings.deletionProtection());
        List<ITerraformDependable> internetAccess = net.getInternetAccess(this);
        if (!settings.internal() && !internetAccess.isEmpty()) {
            lb.dependsOn(internetAccess);
        }
        List<Precondition> zones = net.spansTwoZones(!settings.internal(), this);
        if (!zones.isEmpty()) {
            lb.lifecycle(TerraformResourceLifecycle.builder().precondition(zones).build());
        }
        if (settings.accessLogs() != null) {
            lb.accessLogs(LbAccessLogs.builder()
                    .bucket(settings.accessLogs().bucket())
                    .prefix(settings.accessLogs().prefix())
                    .enabled(true)
                    .build());
        }
        loadBalancer = lb.build();
        loadBalancerArn = loadBalancer.getArn();

        if (blueGreen) {
            blueTargetGroup = targetGroup(names, "Blue", "blue", net);
            greenTargetGroup = targetGroup(names, "Green", "green", net);
            prodListener = forwardingListener("ProdListener", settings.prodPort(), blueTargetGroup, true);
            testListener = forwardingListener("TestListener", settings.testPort(), greenTargetGroup, true);
        } else {
            // One group: "blue" names it for the code that reads the target group a fleet starts on.
            blueTargetGroup = targetGroup(names, "Main", "main", net);
            greenTargetGroup = null;
            prodListener = forwardingListener("ProdListener", settings.prodPort(), blueTargetGroup, false);
            testListener = null;
        }
        if (settings.https()) {
            LbListener.Builder.create(this, "HttpRedirectListener")
                    .loadBalancerArn(loadBalancerArn)
                    .port(TrafficSettings.HTTP_REDIRECT_PORT)
                    .protocol("HTTP")
                    .defaultAction(List.of(LbListenerDefaultAction.builder()
                            .type("redirect")
                            .redirect(LbListenerDefaultActionRedirect.builder()
                                    .protocol("HTTPS")
                                    .port(String.valueOf(settings.prodPort()))
                                    .statusCode("HTTP_301")
                                    .build())
                            .build()))
                    .build();
        }
    }

    private void securityRules(Network net) {
        for (int port : prodPorts()) {
            for (Cidr cidr : settings.prodIngressCidrs()) {
                ingress("AlbProdIngress" + port + "From" + key(cidr.value()), port, cidr.value(), "production traffic");
            }
        }
        if (targets == Targets.IP_BLUE_GREEN) {
            testRules(net);
        }
        targetRules();
    }

    private void testRules(Network net) {
        // Default: the VPC itself. Requests from inside the VPC to an internet-facing ALB (the smoke-test hook's)
        // leave through NAT, so the VPC's egress addresses are admitted too, whatever the allow-list says: the
        // hook's path to the test listener is correct by construction.
        if (settings.testIngressCidrs().isEmpty()) {
            ingress("AlbTestIngressVpc", settings.testPort(), net.getVpcCidr(), "test traffic from the VPC");
        } else {
            for (Cidr cidr : settings.testIngressCidrs()) {
                ingress("AlbTestIngress" + key(cidr.value()), settings.testPort(), cidr.value(), "test traffic (allow-list)");
            }
        }
        if (!settings.internal()) {
            net.getEgressCidrs().forEach((key, cidr) -> ingress("AlbTestIngressEgress" + key(key), settings.testPort(),
                    cidr, "test traffic from the VPC's egress (NAT) address"));
            Network.EgressLookup lookup = net.getEgressLookup(this);
            if (lookup != null) {
                // One rule per public NAT gateway of the VPC, keyed by its id.
                MapTerraformIterator nat = TerraformIterator.fromMap(lookup.publicAddressesById());
                VpcSecurityGroupIngressRule.Builder.create(this, "AlbTestIngressNat")
                        .forEach(nat)
                        .securityGroupId(albSecurityGroupId)
                        .cidrIpv4(Token.asString(nat.getValue()) + "/32")
                        .ipProtocol("tcp")
                        .fromPort(settings.testPort())
                        .toPort(settings.testPort())
                        .description("test traffic from the VPC's NAT gateway on " + settings.testPort())
                        .build();
            }
        }
    }

    private void targetRules() {
        String what = targets == Targets.IP_BLUE_GREEN ? "tasks" : "instances";
        VpcSecurityGroupEgressRule.Builder.create(this, "AlbToTasks")
                .securityGroupId(albSecurityGroupId)
                .referencedSecurityGroupId(tasksSecurityGroupId)
                .ipProtocol("tcp")
                .fromPort(containerPort)
                .toPort(containerPort)
                .description(what.equals("tasks") ? "ALB to tasks on the container port" : "ALB to instances on the application port")
                .build();
        VpcSecurityGroupIngressRule.Builder.create(this, "TasksFromAlb")
                .securityGroupId(tasksSecurityGroupId)
                .referencedSecurityGroupId(albSecurityGroupId)
                .ipProtocol("tcp")
                .fromPort(containerPort)
                .toPort(containerPort)
                .description(what.equals("tasks") ? "Container port from the ALB only" : "Application port from the ALB only")
                .build();
        // HTTPS only, by default: ECR, CloudWatch Logs, Secrets Manager and SSM for tasks; the CodeDeploy and SSM
        // endpoints, S3 and the package repositories for instances. The instance metadata service and the VPC's DNS
        // resolver are not subject to security groups. Anything else is declared (TrafficSettings.egress).
        VpcSecurityGroupEgressRule.Builder.create(this, targets == Targets.IP_BLUE_GREEN ? "TasksEgress" : "InstancesEgressHttps")
                .securityGroupId(tasksSecurityGroupId)
                .cidrIpv4(Cidr.ANY_IPV4.value())
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .description(targets == Targets.IP_BLUE_GREEN
                        ? "Tasks reach ECR, CloudWatch Logs, Secrets Manager and SSM (HTTPS)"
                        : "Instances reach the CodeDeploy and SSM endpoints, S3 and package repositories (HTTPS)")
                .build();
        for (TrafficSettings.Egress egress : settings.egress()) {
            String id = "Egress" + egress.fromPort() + (egress.toPort() != egress.fromPort() ? "To" + egress.toPort() : "")
                    + key(egress.cidr().value());
            VpcSecurityGroupEgressRule.Builder rule = VpcSecurityGroupEgressRule.Builder.create(this, id)
                    .securityGroupId(tasksSecurityGroupId);
            if (egress.cidr().value().contains(":")) {
                rule.cidrIpv6(egress.cidr().value());
            } else {
                rule.cidrIpv4(egress.cidr().value());
            }
            rule.ipProtocol("tcp")
                    .fromPort(egress.fromPort())
                    .toPort(egress.toPort())
                    // AWS accepts $ { } in a rule description; Terraform would read ${ as its own: escaped.
                    .description(io.bluegreen.terraform.TerraformStrings.literal(egress.description()))
                    .build();
        }
    }

    /**
     * Admits {@code source} (e.g. the smoke-test function's security group) on the test port. Effective for
     * traffic that stays inside the VPC: an internal ALB, or the ALB's private addresses.
     */
    public void allowTestTrafficFrom(String id, SecurityGroup source) {
        VpcSecurityGroupIngressRule.Builder.create(this, "AlbTestIngressFrom" + id)
                .securityGroupId(albSecurityGroupId)
                .referencedSecurityGroupId(source.getId())
                .ipProtocol("tcp")
                .fromPort(settings.testPort())
                .toPort(settings.testPort())
                .description("test traffic from " + id)
                .build();
    }

    /** A construct id part from a value (a CIDR, a key): stable when a list is reordered. */
    private static String key(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return out.toString();
    }

    private List<Integer> prodPorts() {
        return settings.https() ? List.of(settings.prodPort(), TrafficSettings.HTTP_REDIRECT_PORT) : List.of(settings.prodPort());
    }

    private void ingress(String id, int port, String cidr, String what) {
        VpcSecurityGroupIngressRule.Builder rule = VpcSecurityGroupIngressRule.Builder.create(this, id)
                .securityGroupId(albSecurityGroupId)
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .description(what + " on " + port);
        if (Cidr.isValid(cidr) && !Cidr.of(cidr).isIpv4()) {
            rule.cidrIpv6(cidr);
        } else {
            rule.cidrIpv4(cidr);
        }
        rule.build();
    }

    private LbTargetGroup targetGroup(Names names, String id, String role, Network net) {
        HealthCheck hc = settings.healthCheck();
        return LbTargetGroup.Builder.create(this, id + "TargetGroup")
                .name(names.physical(role, NameLimit.LOAD_BALANCER))
                .targetType(targets == Targets.IP_BLUE_GREEN ? "ip" : "instance")
                .protocol("HTTP")
                .port(containerPort)
                .vpcId(net.getVpcId())
                .deregistrationDelay(String.valueOf(settings.deregistrationDelaySeconds()))
                .healthCheck(LbTargetGroupHealthCheck.builder()
                        .enabled(true)
                        .protocol("HTTP")
                        .path(hc.path())
                        .matcher(hc.matcher())
                        .interval(hc.intervalSeconds())
                        .timeout(hc.timeoutSeconds())
                        .healthyThreshold(hc.healthyThreshold())
                        .unhealthyThreshold(hc.unhealthyThreshold())
                        .build())
                .build();
    }

    private LbListener forwardingListener(String id, int port, LbTargetGroup target, boolean codeDeploySwapsIt) {
        LbListener.Builder listener = LbListener.Builder.create(this, id)
                .loadBalancerArn(loadBalancerArn)
                .port(port)
                .protocol(settings.https() ? "HTTPS" : "HTTP")
                .defaultAction(List.of(LbListenerDefaultAction.builder()
                        .type("forward")
                        .targetGroupArn(target.getArn())
                        .build()));
        if (codeDeploySwapsIt) {
            listener.lifecycle(TerraformResourceLifecycle.builder()
                    .ignoreChanges(List.of(CODEDEPLOY_OWNED_LISTENER_ATTRIBUTE))
                    .build());
        }
        if (settings.https()) {
            listener.certificateArn(settings.certificateArn()).sslPolicy(settings.tlsPolicy().awsName());
        }
        return listener.build();
    }

    /**
     * Where green is tested before it takes production traffic: the test listener, its URL and port, and whether
     * the ALB is internet-facing (then requests from inside the VPC arrive from its NAT addresses).
     */
    public TestEndpoint getTestEndpoint() {
        if (testListener == null) {
            throw new IllegalStateException("an " + targets + " traffic layer has no test listener");
        }
        return new TestEndpoint(testListener, getTestUrl(), settings.testPort(), !settings.internal());
    }

    /**
     * @param listener the test listener
     * @param url its URL, e.g. http://alb-dns:8080
     * @param port its port
     * @param internetFacing whether the ALB is internet-facing
     */
    public record TestEndpoint(LbListener listener, String url, int port, boolean internetFacing) {
    }

    public int getContainerPort() {
        return containerPort;
    }

    public Lb getLoadBalancer() {
        return loadBalancer;
    }

    /** The target group of an {@link Targets#INSTANCE_SINGLE} layer (the blue one of a pair). */
    public LbTargetGroup getTargetGroup() {
        return blueTargetGroup;
    }

    public LbTargetGroup getBlueTargetGroup() {
        return blueTargetGroup;
    }

    public LbTargetGroup getGreenTargetGroup() {
        return greenTargetGroup;
    }

    public LbListener getProdListener() {
        return prodListener;
    }

    public LbListener getTestListener() {
        return testListener;
    }

    public SecurityGroup getAlbSecurityGroup() {
        return albSecurityGroup;
    }

    public SecurityGroup getTasksSecurityGroup() {
        return tasksSecurityGroup;
    }

    /** Production URL, e.g. https://<alb-dns> (add your DNS name in front of the ALB for real traffic). */
    public String getProdUrl() {
        return url(settings.prodPort());
    }

    /** Test URL: green before it takes production traffic. */
    public String getTestUrl() {
        return url(settings.testPort());
    }

    private String url(int port) {
        String scheme = settings.https() ? "https" : "http";
        boolean defaultPort = (settings.https() && port == 443) || (!settings.https() && port == 80);
        return scheme + "://" + loadBalancer.getDnsName() + (defaultPort ? "" : ":" + port);
    }
}
