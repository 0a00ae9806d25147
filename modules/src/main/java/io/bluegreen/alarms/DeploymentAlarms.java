package io.bluegreen.alarms;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alarms that stop a bad deployment and roll traffic back to blue: on each target group (blue and green swap
 * roles every deployment) target 5xx, unhealthy hosts, p95 and p99 response time; on the ALB its own 5xx.
 * Missing data is "not breaching", so an idle target group (no targets, no requests) stays OK.
 */
public class DeploymentAlarms extends Construct {
    private static final String NAMESPACE = "AWS/ApplicationELB";

    /**
     * @param names naming helper
     * @param loadBalancer the ALB (its 5xx)
     * @param targetGroups the target groups by the name their alarms carry (e.g. Blue and Green; Main)
     * @param settings thresholds and window
     * @param notifyTopicArn topic that hears about alarm state changes; null = none
     */
    public record Props(Names names, Lb loadBalancer, Map<String, LbTargetGroup> targetGroups, AlarmSettings settings,
                        String notifyTopicArn) {
        public Props {
            Check check = Check.in("DeploymentAlarms.Props");
            check.notNull("names", names, "pass the environment's Names");
            check.notNull("loadBalancer", loadBalancer, "pass the traffic layer's load balancer");
            check.require(targetGroups != null && !targetGroups.isEmpty(), "targetGroups", targetGroups,
                    "one or more target groups by name", "pass e.g. Map.of(\"Main\", targetGroup)");
            // Ordered as given: the alarms' construct ids (and so their addresses) follow the names, not positions.
            targetGroups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targetGroups));
            check.notNull("settings", settings, "pass AlarmSettings.DEFAULT or AlarmSettings.OFF");
        }
    }

    private final List<String> alarmNames = new ArrayList<>();
    /** The role of each alarm this construct made (alb-5xx, blue-5xx, green-unhealthy, ...), by its name. */
    private final Map<String, String> roles = new java.util.HashMap<>();
    private final AlarmSettings settings;

    public DeploymentAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        this.settings = props.settings();
        if (!settings.enabled()) {
            return;
        }
        String lb = props.loadBalancer().getArnSuffix();
        for (var entry : props.targetGroups()
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            targetGroupAlarms(props, entry.getKey(), entry.getValue(), lb);
        }
        alarm(props, "Alb5xx", "alb-5xx", "HTTPCode_ELB_5XX_Count", Map.of("LoadBalancer", lb), "Sum", null,
                settings.alb5xxCount(), "The load balancer itself returned 5xx (no healthy target, or a target reset)");
        alarmNames.addAll(settings.extraAlarmNames());
    }

    private void targetGroupAlarms(Props props, String color, LbTargetGroup group, String lb) {
        Map<String, String> dims = new java.util.TreeMap<>(Map.of("LoadBalancer", lb, "TargetGroup", group.getArnSuffix()));
        String c = color.toLowerCase();
        alarm(props, color + "Target5xx", c + "-5xx", "HTTPCode_Target_5XX_Count", dims, "Sum", null,
                settings.target5xxCount(), "Tasks behind the " + c + " target group answer with 5xx");
        alarm(props, color + "UnhealthyHosts", c + "-unhealthy", "UnHealthyHostCount", dims, "Maximum", null,
                settings.unhealthyHosts(), "Tasks behind the " + c + " target group fail the health check");
        alarm(props, color + "LatencyP95", c + "-p95", "TargetResponseTime", dims, null, "p95",
                settings.p95LatencySeconds(), "p95 response time of the " + c + " target group (seconds)");
        alarm(props, color + "LatencyP99", c + "-p99", "TargetResponseTime", dims, null, "p99",
                settings.p99LatencySeconds(), "p99 response time of the " + c + " target group (seconds)");
    }

    private void alarm(Props props, String id, String role, String metric, Map<String, String> dimensions,
                       String statistic, String percentile, double threshold, String description) {
        String name = props.names().physical(role, NameLimit.CLOUDWATCH_ALARM);
        CloudwatchMetricAlarm.Builder alarm = CloudwatchMetricAlarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description + "; fires after " + settings.secondsToFire()
                        + " s and rolls back a running CodeDeploy deployment")
                .namespace(NAMESPACE)
                .metricName(metric)
                .dimensions(dimensions)
                .period(settings.periodSeconds())
                .evaluationPeriods(settings.evaluationPeriods())
                .datapointsToAlarm(settings.evaluationPeriods())
                .threshold(threshold)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching");
        if (percentile != null) {
            alarm.extendedStatistic(percentile).evaluateLowSampleCountPercentiles("ignore");
        } else {
            alarm.statistic(statistic);
        }
        if (props.notifyTopicArn() != null) {
            alarm.alarmActions(List.of(props.notifyTopicArn()));
        }
        // The name as a reference: whatever names the alarm (the deployment group) is created after it.
        String made = alarm.build().getAlarmName();
        alarmNames.add(made);
        roles.put(made, role);
    }

    /** Names of every alarm that rolls back a deployment (defaults plus extras); empty when off. */
    public List<String> getAlarmNames() {
        return List.copyOf(alarmNames);
    }

    /**
     * The same alarms, the most telling of production's health first (what a gate with room for a few reads): the
     * load balancer's 5xx, each target group's 5xx, each one's unhealthy hosts, then the latencies and the extras.
     */
    public List<String> getAlarmNamesByWeight() {
        List<String> ordered = new ArrayList<>();
        for (String kind : List.of("alb-5xx", "-5xx", "-unhealthy", "-p99", "-p95")) {
            for (String name : alarmNames) {
                if (!ordered.contains(name) && roles.getOrDefault(name, "").endsWith(kind)) {
                    ordered.add(name);
                }
            }
        }
        for (String name : alarmNames) {
            if (!ordered.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    public AlarmSettings getSettings() {
        return settings;
    }
}
