package io.bluegreen.platform.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.network.Network;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.Targets;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed fleet of EC2 blue/green: created by Terraform, then owned by CodeDeploy (its copies). */
class SeedFleetTest {
    private static final String PREFIX = "CodeDeploy_shop-dev-dg_";
    private static JsonNode json;

    @BeforeAll
    static void synth() {
        TerraformStack stack = Synth.newStack();
        Network network = Fixtures.network(stack);
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 8080,
                TrafficSettings.DEFAULT, Targets.INSTANCE_SINGLE));
        ArtifactStore store = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(Synth.NAMES, 30, false, List.of()));
        new Ec2Fleet(stack, "Fleet", new Ec2Fleet.Props(Synth.NAMES, network, traffic.getTasksSecurityGroup(),
                traffic.getTargetGroup(), FleetSettings.DEFAULT, 8080, "/health", store.getBucketArn(), store.getKeyArn(),
                new Ec2Fleet.SeedForCopies(PREFIX)));
        json = json(stack);
    }

    private static String local(String prefix) {
        return Synth.fields(json.path("locals")).entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).map(JsonNode::asText).findFirst().orElseThrow(() -> new AssertionError(prefix));
    }

    private static String localName(String prefix) {
        return Synth.fields(json.path("locals")).keySet().stream().filter(k -> k.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void theSeedServesTheFirstFleetBehindTheTargetGroup() {
        JsonNode seed = only(json, "aws_autoscaling_group");
        assertEquals("shop-dev-asg", seed.path("name").asText());
        assertEquals(List.of(ref(json, "aws_lb_target_group", "MainTargetGroup", "arn")), Synth.texts(seed.path("target_group_arns")));
        assertEquals(2, seed.path("desired_capacity").asInt());
        assertEquals("ELB", seed.path("health_check_type").asText());
    }

    @Test
    void everyCopyLaunchesFromTheTemplatesNewestVersion() {
        JsonNode seed = only(json, "aws_autoscaling_group");
        assertEquals(ref(json, "aws_launch_template", "LaunchTemplate", "id"), seed.path("launch_template").path("id").asText());
        assertEquals("$Latest", seed.path("launch_template").path("version").asText(),
                "CodeDeploy copies the seed's version: a pinned number would freeze every later fleet on it");
        assertTrue(only(json, "aws_launch_template").path("update_default_version").asBoolean());
    }

    @Test
    void terraformNeverChangesTheSeedOnceCreated() {
        assertEquals("all", only(json, "aws_autoscaling_group").path("lifecycle").path("ignore_changes").asText());
    }

    @Test
    void theSeedExistsInTheConfigurationOnlyWhileItExistsInAwsOrNoCopyDoes() {
        JsonNode seed = only(json, "aws_autoscaling_group");
        assertEquals("${local." + localName("Fleet_SeedCount") + "}", seed.path("count").asText());
        String names = "data." + "aws_autoscaling_groups." + Synth.dataSources(json, "aws_autoscaling_groups").keySet()
                .iterator().next() + ".names";
        String copies = "[for name in " + names + " : name if startswith(name, \"" + PREFIX + "\")]";
        assertEquals("${" + copies + "}", local("Fleet_CopiedGroups"));
        assertEquals("${contains(" + names + ", \"shop-dev-asg\") || length(" + copies + ") == 0 ? 1 : 0}",
                local("Fleet_SeedCount"));
        assertTrue(Synth.dataSources(json, "aws_autoscaling_groups").values().iterator().next().path("filter").isMissingNode(),
                "every group of the region: the copies' names are only known by their prefix");
    }

    @Test
    void theCopyPrefixIsCodeDeploysNamingOfItsCopies() {
        assertInvalid(() -> new Ec2Fleet.SeedForCopies("shop-dev-dg_"), "copyPrefix = 'shop-dev-dg_'", "CodeDeploy_<deployment group>_");
        assertInvalid(() -> new Ec2Fleet.SeedForCopies("CodeDeploy_shop-dev-dg"), "copyPrefix");
    }
}
