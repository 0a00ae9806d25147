package io.bluegreen.settings;

import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.platform.server.FleetSettings;
import io.bluegreen.security.Baseline;
import io.bluegreen.testing.SettingsRecords;
import io.bluegreen.validation.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsShapeTest {
    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void everySettingsRecordHasADocumentedBuilderThatMirrorsIt() throws Exception {
        List<Class<?>> records = SettingsRecords.in(Settings.class);
        // the settings records of this module; a new one is found and checked without being listed
        assertTrue(records.size() >= 16, "found only " + records);
        for (Class<?> type : records) {
            SettingsRecords.checkContract(type, SOURCES);
        }
    }

    @Test
    void defaultsAreTheBuildersFieldsAndSurviveACopy() {
        assertEquals(new AlarmSettings(true, 60, 2, 5, 10, 1, 1.0, 2.0, List.of()), AlarmSettings.DEFAULT);
        assertEquals(new AlarmSettings(false, 60, 2, 5, 10, 1, 1.0, 2.0, List.of()), AlarmSettings.OFF);
        assertEquals(new FleetSettings("t3.small", 1, 3, 2, FleetSettings.AL2023_X86_64, 8), FleetSettings.DEFAULT);
        assertEquals(new Baseline(true, 365, true, 2000, true, 365), Baseline.PRODUCTION);
        for (Record r : List.of(AlarmSettings.DEFAULT, AlarmSettings.OFF, FleetSettings.DEFAULT, Baseline.OFF,
                Baseline.PRODUCTION, ContainerSpec.of("web", 8080, "1000"))) {
            SettingsRecords.checkRoundTrip(r);
        }
    }

    @Test
    void withChangesOnlyTheNamedFieldsAndValidatesTheResult() {
        AlarmSettings changed = AlarmSettings.DEFAULT.with(a -> {
            a.periodSeconds = 120;
            a.evaluationPeriods = 3;
        });
        assertEquals(new AlarmSettings(true, 120, 3, 5, 10, 1, 1.0, 2.0, List.of()), changed);
        assertNotEquals(AlarmSettings.DEFAULT, changed);
        assertEquals(60, AlarmSettings.DEFAULT.periodSeconds(), "the original is unchanged");
        // the record's own validation runs, and its exception arrives unwrapped
        assertInvalid(() -> AlarmSettings.DEFAULT.with(a -> a.periodSeconds = 30), "AlarmSettings", "periodSeconds = 30",
                "a multiple of 60");
        assertThrows(InvalidConfigException.class, () -> FleetSettings.DEFAULT.withSize(3, 2, 2));
        // fields without a default must be set
        assertInvalid(() -> Settings.build(ContainerSpec.class, c -> c.port = 8080), "ContainerSpec", "name");
    }

    record Good(int a, List<String> b) implements Settings<Good, Good.Builder> {
        public static final class Builder {
            /** @default 1 */
            public int a = 1;
            /** @default none */
            public List<String> b = List.of();
        }
    }

    record MissingField(int a, int b) implements Settings<MissingField, MissingField.Builder> {
        public static final class Builder {
            public int a;
        }
    }

    record WrongType(int a, List<String> b) implements Settings<WrongType, WrongType.Builder> {
        public static final class Builder {
            public int a;
            public List<Integer> b;
        }
    }

    record FinalField(int a) implements Settings<FinalField, FinalField.Builder> {
        public static final class Builder {
            public final int a = 1;
        }
    }

    record NoBuilder(int a) {
    }

    @Test
    void aBuilderThatDoesNotMirrorItsRecordFailsOnFirstUseWithTheRecordsName() {
        assertEquals(new Good(1, List.of()), Settings.defaults(Good.class));
        assertEquals(new Good(2, List.of()), Settings.defaults(Good.class).with(g -> g.a = 2));
        assertMessage(() -> Settings.defaults(MissingField.class), "MissingField$Builder must have exactly the fields [a, b]");
        assertMessage(() -> Settings.defaults(WrongType.class),
                "WrongType$Builder.b is java.util.List<java.lang.Integer>, the component WrongType.b is java.util.List<java.lang.String>");
        assertMessage(() -> Settings.defaults(FinalField.class), "FinalField$Builder.a must be public and not final");
        assertMessage(() -> SettingsShape.of(NoBuilder.class), "NoBuilder has no nested Builder class");
    }

    private static void assertMessage(Runnable action, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
