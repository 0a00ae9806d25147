package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reviewed snapshots: each stack's synthesized JSON (one file per stack id) (cdktf metadata removed, keys sorted) is checked in under
 * environments/src/test/resources/snapshots, so every infrastructure change shows up as a readable diff in review.
 * Refresh after an intended change with: mvn -B verify -Dsnapshots.update=true
 */
class SnapshotTest {
    private static final ObjectMapper PRETTY = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static Path snapshotDir() {
        return ProjectFiles.root().resolve("environments/src/test/resources/snapshots");
    }

    static String normalized(JsonNode json) throws IOException {
        return PRETTY.writeValueAsString(PRETTY.treeToValue(json, Object.class)) + "\n";
    }

    @Test
    void everyStackMatchesItsReviewedSnapshot() throws IOException {
        boolean update = Boolean.getBoolean("snapshots.update");
        for (var stack : ServiceStackTest.all().entrySet()) {
            String env = stack.getKey();
            String actual = normalized(stack.getValue());
            Path file = snapshotDir().resolve(env + ".json");
            if (update) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                continue;
            }
            assertTrue(Files.exists(file), "no snapshot " + file + "; create it with: mvn -B verify -Dsnapshots.update=true");
            Path actualFile = Path.of("target", "snapshots-actual", env + ".json");
            Files.createDirectories(actualFile.getParent());
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, env + " changed (actual: environments/" + actualFile + "); review the diff and refresh with"
                    + " mvn -B verify -Dsnapshots.update=true (then commit environments/src/test/resources/snapshots)");
        }
    }
}
