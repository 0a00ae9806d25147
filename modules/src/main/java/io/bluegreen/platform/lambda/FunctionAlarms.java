package io.bluegreen.platform.lambda;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alarms that roll a Lambda deployment back, on the alias (the traffic being shifted, old and new version
 * together): errors, throttles and p99 duration, each over one minute. They also notify the service's topic.
 */
public class FunctionAlarms extends Construct {
    /**
     * @param errors errors per minute that fire (1..10000)
     * @param throttles throttles per minute that fire (1..10000)
     * @param p99DurationPercentOfTimeout p99 duration that fires, as a share of the function's timeout (1..100)
     */
    public record Settings(int errors, int throttles, int p99DurationPercentOfTimeout)
            implements io.bluegreen.settings.Settings<Settings, Settings.Builder> {
        /** Every field at its default ({@link Builder}): 3 errors or 1 throttle in a minute, or a p99 above 80% of the timeout. */
        public static final Settings DEFAULT = io.bluegreen.settings.Settings.defaults(Settings.class);

        /** The thresholds and their defaults; change the ones you need with {@link #with}. */
        public static final class Builder {
            /** @default 3: a few errors in a minute, not one unlucky invocation, roll back. */
            public int errors = 3;
            /** @default 1: any throttle during a shift means the new version cannot be served at the current rate. */
            public int throttles = 1;
            /** @default 80: a p99 near the timeout is one step from timeouts. */
            public int p99DurationPercentOfTimeout = 80;
        }

        public Settings {
            Check check = Check.in("FunctionAlarms.Settings");
            check.between("errors", errors, 1, 10000, "use e.g. 3");
            check.between("throttles", throttles, 1, 10000, "use e.g. 1");
            check.between("p99DurationPercentOfTimeout", p99DurationPercentOfTimeout, 1, 100, "use e.g. 80");
        }
    }

    /**
     * @param names naming helper
     * @param functionName the function
     * @param aliasName the alias whose metrics are watched
     * @param timeoutSeconds the function's timeout (the p99 threshold is a share of it)
     * @param settings thresholds
     * @param topicArn notified when an alarm fires (null: none)
     */
    public record Props(Names names, String functionName, String aliasName, int timeoutSeconds, Settings settings,
                        String topicArn) {
        public Props {
            Check check = Check.in("FunctionAlarms.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("functionName", functionName, "pass the function's name");
            check.notNull("aliasName", aliasName, "pass the alias's name");
            check.notNull("settings", settings, "e.g. FunctionAlarms.Settings.DEFAULT");
        }
    }

    private final List<String> alarmNames = new ArrayList<>();

    public FunctionAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        Map<String, String> dimensions = new TreeMap<>(Map.of("FunctionName", props.functionName(),
                "Resource", props.functionName() + ":" + props.aliasName()));
        Settings s = props.settings();
        alarm(props, "Errors", "errors", "Errors", dimensions, "Sum", null, s.errors(),
                "Invocations of the alias that fail");
        alarm(props, "Throttles", "throttles", "Throttles", dimensions, "Sum", null, s.throttles(),
                "Invocations of the alias that Lambda throttles");
        alarm(props, "DurationP99", "duration-p99", "Duration", dimensions, null, "p99",
                props.timeoutSeconds() * 1000.0 * s.p99DurationPercentOfTimeout() / 100,
                "p99 duration of the alias (ms), " + s.p99DurationPercentOfTimeout() + "% of the timeout");
    }

    private void alarm(Props props, String id, String role, String metric, Map<String, String> dimensions,
                       String statistic, String percentile, double threshold, String description) {
        CloudwatchMetricAlarm.Builder alarm = CloudwatchMetricAlarm.Builder.create(this, id)
                .alarmName(props.names().physical(role, NameLimit.CLOUDWATCH_ALARM))
                .alarmDescription(description + "; rolls back a running CodeDeploy deployment")
                .namespace("AWS/Lambda")
                .metricName(metric)
                .dimensions(dimensions)
                .period(60)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .threshold(threshold)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching");
        if (percentile != null) {
            alarm.extendedStatistic(percentile).evaluateLowSampleCountPercentiles("ignore");
        } else {
            alarm.statistic(statistic);
        }
        if (props.topicArn() != null) {
            alarm.alarmActions(List.of(props.topicArn()));
        }
        alarmNames.add(alarm.build().getAlarmName());
    }

    public List<String> getAlarmNames() {
        return List.copyOf(alarmNames);
    }
}
