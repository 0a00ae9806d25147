package io.bluegreen.environments;

import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.environments.prod.Prod;
import io.bluegreen.platform.lambda.FunctionAlarms;
import org.junit.jupiter.api.Test;


import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Environment-wide settings reach every service of the environment, and a service that says otherwise wins. */
class ServiceDefaultsTest {
    @Test
    void theEnvironmentWideSettingsFollowTheSettingsShape() throws Exception {
        java.util.List<Class<?>> records = io.bluegreen.testing.SettingsRecords.in(ServiceDefaults.class);
        assertEquals(java.util.List.of(ServiceDefaults.class), records);
        io.bluegreen.testing.SettingsRecords.checkContract(ServiceDefaults.class, java.nio.file.Path.of("src/main/java"));
        io.bluegreen.testing.SettingsRecords.checkRoundTrip(ServiceDefaults.NONE);
        assertEquals(new ServiceDefaults(null, false, null, null, false, false, null, null, null, false), ServiceDefaults.NONE);
    }

    private static final AlarmSettings STRICT = AlarmSettings.DEFAULT.withLatency(0.5, 1.0);
    private static final FunctionAlarms.Settings FUNCTION_STRICT = new FunctionAlarms.Settings(1, 1, 50);
    private static final ServiceDefaults STRICT_ALARMS = Prod.SERVICES.withAlarms(STRICT).withFunctionAlarms(FUNCTION_STRICT);

    @Test
    void environmentWideAlarmsReachEveryServiceOfTheirPlatform() {
        assertEquals(STRICT, Defaults.checkout(STRICT_ALARMS).build().alarms(), "ECS");
        assertEquals(STRICT, Defaults.catalog(STRICT_ALARMS).build().alarms(), "EC2 in place");
        assertEquals(STRICT, Defaults.orders(STRICT_ALARMS).build().alarms(), "EC2 blue/green");
        assertEquals(FUNCTION_STRICT, Defaults.pricing(STRICT_ALARMS).build().alarms(), "Lambda");
        // The other environment-wide settings are kept beside them.
        assertEquals(Prod.SERVICES.certificateArn(), Defaults.checkout(STRICT_ALARMS).build().traffic().certificateArn());
    }

    @Test
    void withoutEnvironmentWideAlarmsEachServiceKeepsItsPlatformDefault() {
        assertEquals(AlarmSettings.DEFAULT, Defaults.checkout(Prod.SERVICES).build().alarms());
        assertEquals(AlarmSettings.DEFAULT, Defaults.orders(Prod.SERVICES).build().alarms());
        assertEquals(FunctionAlarms.Settings.DEFAULT, Defaults.pricing(Prod.SERVICES).build().alarms());
    }

    @Test
    void aServiceThatSaysOtherwiseWins() {
        assertEquals(AlarmSettings.OFF, Defaults.catalog(STRICT_ALARMS).alarms(AlarmSettings.OFF).build().alarms());
        assertEquals(STRICT.withLatency(2.0, 3.0),
                Defaults.checkout(STRICT_ALARMS).alarms(a -> a.withLatency(2.0, 3.0)).build().alarms(),
                "a change starts from the environment's settings");
        assertEquals(FunctionAlarms.Settings.DEFAULT,
                Defaults.pricing(STRICT_ALARMS).alarms(FunctionAlarms.Settings.DEFAULT).build().alarms());
    }

    @Test
    void aBadLogRetentionIsRefusedInOneLine() {
        assertInvalid(() -> ServiceDefaults.NONE.withLogRetentionDays(0), "ServiceDefaults", "logRetentionDays", "0",
                "use e.g. 365");
    }
}
