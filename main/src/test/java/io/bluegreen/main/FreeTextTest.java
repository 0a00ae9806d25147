package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.server.Revision;
import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.network.VpcSource;
import io.bluegreen.platform.lambda.HookSettings;
import io.bluegreen.testing.Buildspecs;
import io.bluegreen.testing.Sandbox;
import io.bluegreen.testing.Scratch;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.HealthCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting a user writes as free text is data: it arrives byte for byte where it is used (as Terraform hands it
 * to the provider, as bash and systemd run it), or synth refuses it in one line. The hostile text holds a Terraform
 * interpolation and directive, a command substitution, a backtick, a percent sign, quotes and a trailing slash.
 */
class FreeTextTest {
    /** What a user might write, and what every place it lands must leave alone. */
    static final String HOSTILE = "Hello ${x} %{x} $(id) `id` 100% \"q\" 'q' trail/";
    /** What a security group rule description may hold (AWS's own character set), its $ and braces included. */
    static final String EGRESS = "PostgreSQL ${x} {a} $HOME (db) #1";
    /** A branch glob: git's ref rules leave it no spaces, quotes or backticks, but "${", "%{" and braces are its to hold. */
    static final String GLOB = "release/${x}/%{x}/{a,b}/*";
    /** The same without single quotes, which a start command may not hold (refused, see below). */
    static final String HOSTILE_COMMAND = "echo ${x} %{x} $(id) `id` 100% \"q\" $HOME trail/";

    /** text: the pricing function and the checkout container carrying the hostile text in every free-text setting. */
    private static Map<String, JsonNode> synth() throws Exception {
        String testEvent = Synth.MAPPER.writeValueAsString(Map.of("path", HOSTILE));
        EnvironmentConfig text = Defaults.environment("text").network(VpcSource.Create.of("10.0.0.0/16"))
                .tags(Map.of("cost-centre", HOSTILE))
                .service(Defaults.PRICING, () -> Defaults.pricing()
                        .function(f -> f.withEnvironment(Map.of("GREETING", HOSTILE)))
                        .hooks(HookSettings.DEFAULT.withTestEvent(testEvent, HOSTILE))
                        .pipeline(p -> p.withVariables(List.of(new io.bluegreen.pipeline.PipelineVariable("NOTE", HOSTILE, HOSTILE)))
                                .withTriggers(List.of(io.bluegreen.pipeline.GitPushFilter.branches(GLOB))))
                        .build())
                .service(Defaults.CHECKOUT, () -> Defaults.checkout()
                        .container(c -> c.withEnvironment(Map.of("GREETING", HOSTILE)).withCommand(List.of("sh", "-c", HOSTILE)))
                        .traffic(t -> t.withEgress(List.of(io.bluegreen.traffic.TrafficSettings.Egress.tcp(EGRESS, "10.0.0.0/16", 5432))))
                        .alarms(io.bluegreen.alarms.AlarmSettings.DEFAULT.withExtraAlarms(List.of(HOSTILE)))
                        .build())
                .build();
        Map<String, JsonNode> stacks = new LinkedHashMap<>();
        for (Path dir : TestEnvironments.synth(text)) {
            stacks.put(dir.getFileName().toString(), Synth.MAPPER.readTree(dir.resolve("cdk.tf.json").toFile()));
        }
        return stacks;
    }

    private static JsonNode function(JsonNode stack, String idPart) {
        return Synth.named(stack, "aws_lambda_function", idPart);
    }

    @Test
    void everyFreeTextSettingReachesTheProviderByteForByte() throws Exception {
        Map<String, JsonNode> stacks = synth();
        JsonNode pricing = stacks.get("text-pricing");
        JsonNode checkout = stacks.get("text-checkout");
        JsonNode container = Synth.only(checkout, "aws_ecs_task_definition").path("container_definitions");
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("lambda_environment", function(pricing, "Function_").path("environment").path("variables").path("GREETING").asText());
        JsonNode before = Synth.resources(pricing, "aws_lambda_function").entrySet().stream()
                .filter(e -> e.getKey().contains("Before")).findFirst().orElseThrow().getValue();
        raw.put("hook_test_event", before.path("environment").path("variables").path("TEST_EVENT").asText());
        raw.put("hook_expect", before.path("environment").path("variables").path("EXPECT").asText());
        raw.put("container_definitions", container.asText());
        raw.put("egress_description", Synth.resources(checkout, "aws_vpc_security_group_egress_rule").values().stream()
                .filter(r -> r.path("from_port").asInt() == 5432).findFirst().orElseThrow().path("description").asText());
        raw.put("tag", pricing.path("provider").path("aws").get(0).path("default_tags").get(0).path("tags").path("cost-centre").asText());
        String template = Synth.only(checkout, "aws_codebuild_project").path("environment").path("environment_variable")
                .findParents("name").stream().filter(v -> v.path("name").asText().equals("TASKDEF_TEMPLATE")).findFirst()
                .orElseThrow().path("value").asText();
        raw.put("taskdef_template", template);
        JsonNode pipeline = Synth.only(pricing, "aws_codepipeline");
        raw.put("variable_default", pipeline.path("variable").get(0).path("default_value").asText());
        raw.put("variable_description", pipeline.path("variable").get(0).path("description").asText());
        raw.put("trigger_branch", pipeline.path("trigger").get(0).path("git_configuration").get(0).path("push").get(0)
                .path("branches").get(0).path("includes").get(0).asText());
        JsonNode alarms = Synth.only(checkout, "aws_codedeploy_deployment_group").path("alarm_configuration").path("alarms");
        raw.put("rollback_alarm", alarms.get(alarms.size() - 1).asText());
        // What Terraform hands the provider (and so AWS) for each string of the .tf.json file; references to the stack's
        // resources (log group, roles) stand for values of their own.
        raw.replaceAll((k, v) -> v.replaceAll("(?<!\\$)\\$\\{(aws|data)[^}]*}", "x"));
        Map<String, String> evaluated = TerraformCli.evaluateAll(raw);
        assertEquals(HOSTILE, evaluated.get("lambda_environment"));
        assertEquals(HOSTILE, Synth.MAPPER.readTree(evaluated.get("hook_test_event")).path("path").asText());
        assertEquals(HOSTILE, evaluated.get("hook_expect"));
        // Before release 1 (the placeholder's command; the application's environment).
        JsonNode definition = Synth.MAPPER.readTree(evaluated.get("container_definitions")).get(0);
        assertEquals(HOSTILE, definition.path("environment").get(0).path("value").asText());
        // Every release: the pipeline's template, a CodeBuild environment variable, carries the application's own.
        JsonNode released = Synth.MAPPER.readTree(evaluated.get("taskdef_template")).path("containerDefinitions").get(0);
        assertEquals(HOSTILE, released.path("environment").get(0).path("value").asText());
        assertEquals(List.of("sh", "-c", HOSTILE), Synth.texts(released.path("command")));
        assertEquals(HOSTILE, evaluated.get("tag"));
        assertEquals(EGRESS, evaluated.get("egress_description"));
        assertEquals(HOSTILE, evaluated.get("variable_default"));
        assertEquals(HOSTILE, evaluated.get("variable_description"));
        assertEquals(GLOB, evaluated.get("trigger_branch"));
        assertEquals(HOSTILE, evaluated.get("rollback_alarm"), "a name of your own alarm rolls back as written");
    }

    @Test
    void aHealthPathAShellOrTerraformWouldReadIsRefusedInOneLine() {
        for (String path : List.of("/health${x}", "/health%{x}", "/$(id)", "/`id`", "/100%", "/\"q\"", "/'q'", "/a b")) {
            assertInvalid(() -> HealthCheck.DEFAULT.withPath(path), "path = '" + path + "'", "letters, digits and . _ ~ - /");
        }
        assertEquals("/health/", HealthCheck.DEFAULT.withPath("/health/").path(), "a trailing slash is a path like any");
    }

    @Test
    void aStartCommandReachesBashAsWrittenThroughTheHookScriptAndSystemd() throws Exception {
        // after_install.sh as the agent runs it (root), in a mount namespace whose /etc/systemd/system and /opt are its
        // own, with stand-ins for systemctl, chown and useradd (ec2-user does not exist here, so the script makes it); then the unit's ExecStart read back as systemd does.
        AppSettings app = AppSettings.of(8080, HOSTILE_COMMAND);
        Path scratch = Scratch.dir("start-command");
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        for (String tool : List.of("systemctl", "chown", "useradd")) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 0\n").toFile().setExecutable(true);
        }
        Path script = scratch.resolve("after_install.sh");
        Files.writeString(script, Revision.scripts("shop", app, "/health").get("scripts/after_install.sh"));
        Path unit = scratch.resolve("unit");
        Buildspecs.Result run = Sandbox.asRoot(List.of("/etc/systemd/system", "/opt"),
                "PATH=" + bin + ":$PATH bash " + script + " && cp /etc/systemd/system/shop.service " + unit);
        String out = run.output();
        assertEquals(0, run.exit(), out);
        String execStart = Files.readAllLines(unit).stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        // systemd: %% is %, $$ is $; then bash -lc '...' takes the quoted text literally.
        String systemd = execStart.substring("ExecStart=".length()).replace("%%", "%").replace("$$", "$");
        assertTrue(systemd.startsWith("/bin/bash -lc '") && systemd.endsWith("'"), systemd);
        assertEquals(HOSTILE_COMMAND, systemd.substring("/bin/bash -lc '".length(), systemd.length() - 1));
        assertTrue(!execStart.contains("uid=") && !out.contains("uid="), "nothing was run while writing the unit: " + execStart);
    }

    @Test
    void aStartCommandWithASingleQuoteOrANewlineIsRefusedInOneLine() {
        assertInvalid(() -> AppSettings.of(8080, HOSTILE), "startCommand", "without single quotes");
        assertInvalid(() -> AppSettings.of(8080, "a\nb"), "startCommand", "one line");
    }
}
