package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.Environments;
import io.bluegreen.environments.ServiceConfig;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands of the README and the guides in docs/ use the project's real stack ids, cdktf version and output names,
 * and each platform's page documents every output of its service's stack.
 */
class ReadmeTest {
    private static final List<String> STACKS = RealSynth.ids();

    /** The README and every page of docs/, as one text per file. */
    private static Map<Path, String> docs() {
        return DocsTest.documents();
    }

    /** The outputs of one synthesized stack. */
    private static Set<String> outputs(String stack) {
        try {
            JsonNode json = Synth.MAPPER.readTree(RealSynth.stack(stack).resolve("cdk.tf.json").toFile());
            return new TreeSet<>(Synth.fields(json.path("output")).keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyCdktfCommandUsesThePinnedCliAndARealStack() {
        Pattern command = Pattern.compile("cdktf-cli@([0-9.]+) (deploy|diff|plan|output|destroy|synth)( [a-z<>-]+)?");
        int commands = 0;
        for (Map.Entry<Path, String> doc : docs().entrySet()) {
            Matcher m = command.matcher(doc.getValue());
            while (m.find()) {
                commands++;
                assertEquals("0.19.2", m.group(1), doc.getKey() + ": " + m.group());
                if (m.group(3) != null && !m.group(3).isBlank() && !m.group(2).equals("synth")) {
                    String stack = m.group(3).trim();
                    assertTrue(STACKS.contains(stack) || stack.matches("<env>(-<service>|-<name>|-catalog|-orders|-pricing)?|<name>"),
                            doc.getKey() + ": unknown stack in: " + m.group());
                }
            }
        }
        assertTrue(commands >= 5, "the guides show the cdktf commands");
    }

    @Test
    void everyOutputTheGuidesReadExists() {
        Pattern read = Pattern.compile("'\\.\"((?:" + String.join("|", Environments.all().stream().map(EnvironmentConfig::name)
                .toList()) + ")-[a-z0-9-]+)\"\\.([a-z_]+)'");
        int reads = 0;
        for (Map.Entry<Path, String> doc : docs().entrySet()) {
            Matcher m = read.matcher(doc.getValue());
            while (m.find()) {
                reads++;
                assertTrue(STACKS.contains(m.group(1)), doc.getKey() + " reads the outputs of an unknown stack: " + m.group());
                assertTrue(outputs(m.group(1)).contains(m.group(2)), doc.getKey() + " reads output '" + m.group(2) + "' of "
                        + m.group(1) + ", its outputs are " + outputs(m.group(1)));
            }
        }
        assertTrue(reads >= 4, "the guides read outputs with jq");
    }

    @Test
    void eachPlatformsPageDocumentsEveryOutputOfItsService() throws IOException {
        EnvironmentConfig first = Environments.all().get(0);
        Map<String, Path> pages = new java.util.LinkedHashMap<>();
        try (var files = Files.list(DocsTest.root().resolve("docs/platforms"))) {
            for (Path page : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                DocsTest.headings(Files.readString(page)).stream().filter(h -> h.getKey() == 1).findFirst()
                        .ifPresent(h -> pages.put(h.getValue(), page));
            }
        }
        int services = 0;
        for (ServiceConfig service : first.services()) {
            Path page = pages.get(service.platform().displayName());
            assertTrue(page != null, "a page for " + service.platform().displayName() + " in docs/platforms: " + pages);
            String text = Files.readString(page);
            for (String output : outputs(first.name() + "-" + service.name())) {
                assertTrue(text.contains("`" + output + "`"), page + " documents output " + output + " of "
                        + first.name() + "-" + service.name());
            }
            services++;
        }
        assertTrue(services >= 4, "every shipped service's outputs are checked");
    }
}
