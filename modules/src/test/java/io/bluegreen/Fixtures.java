package io.bluegreen;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.platform.ecs.BlueGreenDeployment;
import io.bluegreen.platform.ecs.BlueGreenDeploymentProps;
import io.bluegreen.platform.ecs.DeploymentSettings;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.platform.ecs.FargateService;
import io.bluegreen.platform.ecs.FargateServiceProps;
import io.bluegreen.platform.ecs.ServiceSettings;
import io.bluegreen.network.Network;
import io.bluegreen.network.NetworkProps;
import io.bluegreen.network.VpcSource;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;

import java.util.List;

/** Builds the constructs of one service in a test stack, each given what it uses, as the ECS platform composes them. */
public final class Fixtures {
    private Fixtures() {
    }

    /** What {@link #app} built. */
    public record App(TerraformStack stack, Network network, TrafficLayer traffic, FargateService service,
                      BlueGreenDeployment deployment) {
    }

    public static VpcSource.Existing existingVpc() {
        return new VpcSource.Existing("vpc-0a1b2c3d4e5f60718",
                List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"),
                List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"));
    }

    public static Network network(TerraformStack stack) {
        return new Network(stack, "Network", new NetworkProps(Synth.NAMES, existingVpc()));
    }

    public static TrafficLayer traffic(TerraformStack stack, Network network, int containerPort) {
        return new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, containerPort, TrafficSettings.DEFAULT));
    }

    public static FargateService service(TerraformStack stack, Network network, TrafficLayer traffic,
                                         ContainerSpec container, ServiceSettings settings) {
        return new FargateService(stack, "Service", new FargateServiceProps(Synth.NAMES, network,
                traffic.getTasksSecurityGroup(), traffic.getBlueTargetGroup(),
                List.of(traffic.getProdListener(), traffic.getTestListener()), container, settings));
    }

    /** A service with its network and traffic layer. */
    public static FargateService service(TerraformStack stack, ContainerSpec container, ServiceSettings settings) {
        Network network = network(stack);
        return service(stack, network, traffic(stack, network, container.port()), container, settings);
    }

    /** The props of a deployment of {@code app}'s service with its traffic layer's target groups and listeners. */
    public static BlueGreenDeploymentProps deploymentProps(FargateService service, TrafficLayer traffic,
                                                           DeploymentSettings settings, List<String> alarms,
                                                           NotificationTopic topic) {
        return new BlueGreenDeploymentProps(Synth.NAMES, service, traffic.getBlueTargetGroup(),
                traffic.getGreenTargetGroup(), traffic.getProdListener(), traffic.getTestListener(), settings, alarms, topic);
    }

    public static App app(ContainerSpec container, ServiceSettings serviceSettings, DeploymentSettings deploymentSettings) {
        TerraformStack stack = Synth.newStack();
        Network network = network(stack);
        TrafficLayer traffic = traffic(stack, network, container.port());
        FargateService service = service(stack, network, traffic, container, serviceSettings);
        BlueGreenDeployment deployment = new BlueGreenDeployment(stack, "Deployment",
                deploymentProps(service, traffic, deploymentSettings, List.of(), null));
        return new App(stack, network, traffic, service, deployment);
    }
}
