package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.codepipeline.Codepipeline;
import io.bluegreen.terraform.TerraformStrings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a pipeline a CodePipeline V2 pipeline, written into the resource as Terraform overrides: the bindings of
 * cdktf-provider-aws 18.0.3 were generated for provider 5.23.1, before {@code pipeline_type}, {@code execution_mode},
 * {@code variable} (5.32.0 and 5.38.0), {@code trigger} (5.39.0) and the stages' {@code before_entry}, {@code on_failure}
 * and {@code on_success} (5.98.0) existed. The attribute names are those of the provider's schema; the real-provider
 * check validates them on every synth.
 * <ul>
 *   <li>Execution mode: see {@link PipelineSettings.ExecutionMode}.</li>
 *   <li>Trigger: one per connection source action, its push filters; always written, so AWS does not add its own
 *       default trigger (which Terraform would then show as a change on every plan, provider issue #38409).</li>
 *   <li>Variables: declared on the pipeline, handed to the build action as environment variables
 *       ({@code #{variables.NAME}}).</li>
 *   <li>Build stage on failure: retried once (failed actions only). A build changes nothing in production, and its
 *       usual failures (a package registry's throttling, a network blip) pass on a second try.</li>
 *   <li>Deploy stage on failure: rolled back to its last successful execution only where the platform says that is
 *       safe ({@link DeployStage#rollbackOnFailure()}). Where CodePipeline's own CodeDeploy action deploys, the action
 *       fails as soon as the deployment fails, while CodeDeploy's automatic rollback (always on here) is still
 *       redeploying the last good revision as a deployment of its own: a stage rollback or retry started then is
 *       refused (one active deployment per group), and once CodeDeploy's rollback is done it would only deploy the
 *       same revision again. Those deploy stages have no automatic result: CodeDeploy's rollback is the rollback,
 *       and a chosen earlier release is started with tools/release.cjs.</li>
 *   <li>Deployment window: an entry condition (DeploymentWindow rule) of the stage before the deploy stage, so the
 *       release waits there for the window to open (before the approval, when there is one), and again in the deploy
 *       stage's entry condition, so an approval given after the window closed waits for the next one.</li>
 *   <li>Alarm gate: the deploy stage's entry condition, one CloudWatchAlarm rule (states ALARM, waiting up to
 *       {@value #GATE_WAIT_MINUTES} minutes for recovery) per rollback alarm, as many as fit beside the window in one
 *       condition ({@value #MAX_RULES} rules). Normally the release reaches Deploy inside the window, so the alarms are
 *       read as the deployment starts. AWS documents that a window and an alarm in one entry condition can let the
 *       alarm pass before the window opens, unchecked afterwards: that happens only when an approval came outside the
 *       window, and then CodeDeploy's own alarm monitoring still stops a deployment into firing alarms.</li>
 * </ul>
 */
final class PipelineV2 {
    /** How long the alarm gate waits for firing alarms to recover before it fails the release, in minutes. */
    static final int GATE_WAIT_MINUTES = 10;
    /** CodePipeline's limit of rules in one condition. */
    static final int MAX_RULES = 5;
    /** CodePipeline's limit of one action configuration value, in characters. */
    static final int MAX_CONFIGURATION_VALUE = 1000;

    private PipelineV2() {
    }

    static void apply(Codepipeline pipeline, PipelineSettings settings, String sourceAction, List<String> stages,
                      boolean deployRollsBack, List<String> gateAlarms) {
        pipeline.addOverride("pipeline_type", "V2");
        pipeline.addOverride("execution_mode", settings.executionMode().name());
        if (!settings.variables().isEmpty()) {
            pipeline.addOverride("variable", settings.variables().stream().map(PipelineV2::variable).toList());
        }
        List<GitPushFilter> triggers = settings.effectiveTriggers();
        if (!triggers.isEmpty()) {
            pipeline.addOverride("trigger", List.of(Map.of(
                    "provider_type", "CodeStarSourceConnection",
                    "git_configuration", List.of(Map.of(
                            "source_action_name", sourceAction,
                            "push", triggers.stream().map(PipelineV2::push).toList())))));
        }
        int build = stages.indexOf("Build");
        int deploy = stages.indexOf("Deploy");
        pipeline.addOverride("stage." + build + ".on_failure", List.of(Map.of(
                "result", "RETRY",
                "retry_configuration", List.of(Map.of("retry_mode", "FAILED_ACTIONS")))));
        if (deployRollsBack) {
            pipeline.addOverride("stage." + deploy + ".on_failure", List.of(Map.of("result", "ROLLBACK")));
        }
        List<Map<String, Object>> deployEntry = new ArrayList<>();
        if (settings.deployWindow() != null) {
            Map<String, Object> window = rule("DeploymentWindow", "DeploymentWindow", Map.of("Cron",
                    settings.deployWindow().cron(), "TimeZone", settings.deployWindow().timeZone()));
            // The release waits for the window before the stage ahead of Deploy (a person approves inside it), and
            // Deploy checks it again, in case the approval came after the window closed.
            pipeline.addOverride("stage." + (deploy - 1) + ".before_entry", entry(List.of(window)));
            deployEntry.add(window);
        }
        for (String alarm : gateAlarms) {
            deployEntry.add(rule("Alarm" + (deployEntry.size() + 1), "CloudWatchAlarm",
                    Map.of("AlarmName", alarm, "AlarmStates", "ALARM", "WaitTime", String.valueOf(GATE_WAIT_MINUTES))));
        }
        if (!deployEntry.isEmpty()) {
            pipeline.addOverride("stage." + deploy + ".before_entry", entry(deployEntry));
        }
    }

    /**
     * The alarms the gate reads: the first of {@code alarms} (the platform lists its most telling first) that fit in
     * one condition beside the window. One CloudWatchAlarm rule per alarm: the rule reads metric alarms (a composite
     * alarm is not documented as readable by it).
     */
    static List<String> gateAlarms(List<String> alarms, boolean window) {
        return alarms.subList(0, Math.min(alarms.size(), MAX_RULES - (window ? 1 : 0)));
    }

    /** The build action's environment variables: each pipeline variable under its own name. */
    static String environmentVariables(List<PipelineVariable> variables) {
        StringBuilder json = new StringBuilder("[");
        for (PipelineVariable v : variables) {
            if (json.length() > 1) {
                json.append(',');
            }
            // Names are letters, digits and '_' (PipelineVariable), so they need no JSON escaping.
            json.append("{\"name\":\"").append(v.name()).append("\",\"type\":\"PLAINTEXT\",\"value\":\"#{variables.")
                    .append(v.name()).append("}\"}");
        }
        return json.append(']').toString();
    }

    private static Map<String, Object> variable(PipelineVariable v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("default_value", TerraformStrings.literal(v.defaultValue()));
        if (!v.description().isEmpty()) {
            m.put("description", TerraformStrings.literal(v.description()));
        }
        return m;
    }

    private static Map<String, Object> push(GitPushFilter filter) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (filter instanceof GitPushFilter.Branches b) {
            m.put("branches", List.of(criteria(b.includes(), b.excludes())));
            if (!b.filePathIncludes().isEmpty() || !b.filePathExcludes().isEmpty()) {
                m.put("file_paths", List.of(criteria(b.filePathIncludes(), b.filePathExcludes())));
            }
        } else if (filter instanceof GitPushFilter.Tags t) {
            m.put("tags", List.of(criteria(t.includes(), t.excludes())));
        }
        return m;
    }

    private static Map<String, Object> criteria(List<String> includes, List<String> excludes) {
        Map<String, Object> m = new LinkedHashMap<>();
        // Globs are text: {a,b} is a glob, and a literal "${" or "%{" in one must not become a Terraform template.
        if (!includes.isEmpty()) {
            m.put("includes", includes.stream().map(TerraformStrings::literal).toList());
        }
        if (!excludes.isEmpty()) {
            m.put("excludes", excludes.stream().map(TerraformStrings::literal).toList());
        }
        return m;
    }

    private static Map<String, Object> rule(String name, String provider, Map<String, String> configuration) {
        // (a rule name is letters, digits and . @ - _)
        return Map.of("name", name,
                "rule_type_id", List.of(Map.of("category", "Rule", "owner", "AWS", "provider", provider, "version", "1")),
                "configuration", new java.util.TreeMap<>(configuration.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> TerraformStrings.literal(e.getValue())))));
    }

    private static List<Object> entry(List<Map<String, Object>> rules) {
        return List.of(Map.of("condition", List.of(Map.of("result", "FAIL", "rule", rules))));
    }
}
