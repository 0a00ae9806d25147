package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operations guide's commands use the project's real stack ids, cdktf version and output names. */
class ReadmeTest {
    private static String readme;
    private static Set<String> outputs;
    private static final List<String> STACKS = RealSynth.ids();

    @BeforeAll
    static void load() throws IOException {
        readme = Files.readString(AppTest.projectRoot().resolve("README.md"));
        JsonNode dev = Synth.MAPPER.readTree(RealSynth.stack("dev-checkout").resolve("cdk.tf.json").toFile());
        outputs = new TreeSet<>(Synth.fields(dev.path("output")).keySet());
    }

    @Test
    void everyCdktfCommandUsesThePinnedCliAndARealStack() {
        Matcher m = Pattern.compile("cdktf-cli@([0-9.]+) (deploy|diff|plan|output|destroy|synth)( [a-z<>-]+)?").matcher(readme);
        int commands = 0;
        while (m.find()) {
            commands++;
            assertEquals("0.19.2", m.group(1), m.group());
            if (m.group(3) != null && !m.group(3).isBlank() && !m.group(2).equals("synth")) {
                String stack = m.group(3).trim();
                assertTrue(STACKS.contains(stack) || stack.matches("<env>(-<service>|-<name>|-catalog|-orders|-pricing)?|<name>"), "unknown stack in: " + m.group());
            }
        }
        assertTrue(commands >= 5, "the guide shows the cdktf commands");
    }

    @Test
    void everyOutputTheGuideReadsExists() {
        Matcher m = Pattern.compile("'\\.\"(?:dev|staging|prod)-checkout\"\\.([a-z_]+)'").matcher(readme);
        int reads = 0;
        while (m.find()) {
            reads++;
            assertTrue(outputs.contains(m.group(1)), "README reads output '" + m.group(1) + "', outputs are " + outputs);
        }
        assertTrue(reads >= 4, "the guide reads outputs with jq");
        for (String output : outputs) {
            assertTrue(readme.contains("`" + output + "`"), "README documents output " + output);
        }
    }
}
