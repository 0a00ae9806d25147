package io.bluegreen;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.codedeploy.BlueGreenDeployment;
import io.bluegreen.codedeploy.BlueGreenDeploymentProps;
import io.bluegreen.codedeploy.DeploymentSettings;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.FargateService;
import io.bluegreen.ecs.FargateServiceProps;
import io.bluegreen.ecs.ServiceSettings;
import io.bluegreen.network.Network;
import io.bluegreen.network.NetworkProps;
import io.bluegreen.network.VpcSource;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;

import java.util.List;

/** Builds the constructs of one service in a test stack, the way ServiceStack composes them. */
public final class Fixtures {
    private Fixtures() {
    }

    public record App(TerraformStack stack, TrafficLayer traffic, FargateService service, BlueGreenDeployment deployment) {
    }

    public static VpcSource.Existing existingVpc() {
        return new VpcSource.Existing("vpc-0a1b2c3d4e5f60718",
                List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"),
                List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"));
    }

    public static TrafficLayer traffic(TerraformStack stack, int containerPort) {
        Network network = new Network(stack, "Network", new NetworkProps(Synth.NAMES, existingVpc()));
        return new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, containerPort, TrafficSettings.DEFAULT));
    }

    public static FargateService service(TerraformStack stack, ContainerSpec container, ServiceSettings settings) {
        TrafficLayer traffic = traffic(stack, container.port());
        return new FargateService(stack, "Service", new FargateServiceProps(Synth.NAMES, traffic, container, settings));
    }

    public static App app(ContainerSpec container, ServiceSettings serviceSettings, DeploymentSettings deploymentSettings) {
        TerraformStack stack = Synth.newStack();
        FargateService service = service(stack, container, serviceSettings);
        BlueGreenDeployment deployment = new BlueGreenDeployment(stack, "Deployment",
                new BlueGreenDeploymentProps(Synth.NAMES, service, deploymentSettings));
        return new App(stack, service.getTraffic(), service, deployment);
    }
}
