package io.bluegreen.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One platform reads in one place: each platform's constructs live in {@code io.bluegreen.platform.<name>}, what both
 * EC2 platforms share in {@code platform.server}, what every platform shares outside {@code platform}; the sealed
 * {@link Platform} and its config records are the choice. A platform that reached into another platform's folder,
 * or a shared package that reached into a platform, would make a reader open several folders again.
 */
class PlatformLayoutTest {
    private static final Path SOURCES = Path.of("src/main/java/io/bluegreen");
    private static final Pattern REFERENCE = Pattern.compile("io\\.bluegreen\\.platform\\.([a-z0-9]+)\\.[A-Z]");
    /** Shared by the server platforms (compute platform Server). */
    private static final String SERVER = "server";

    @Test
    void platformsReferenceNoOtherPlatformOnlySharedCode() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path folder : platformFolders()) {
            String name = folder.getFileName().toString();
            for (Path file : javaFiles(folder)) {
                for (String used : referencedPlatformPackages(file)) {
                    boolean allowed = used.equals(name) || (used.equals(SERVER) && !name.equals(SERVER));
                    if (!allowed) {
                        violations.add(SOURCES.relativize(file) + " uses platform." + used);
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "a platform may use only its own folder, platform.server and shared packages");
    }

    @Test
    void sharedPackagesReferenceNoPlatform() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> folders = Files.list(SOURCES)) {
            for (Path folder : folders.filter(Files::isDirectory).filter(f -> !f.endsWith("platform")).toList()) {
                for (Path file : javaFiles(folder)) {
                    String text = Files.readString(file);
                    if (text.contains("io.bluegreen.platform.")) {
                        violations.add(SOURCES.relativize(file).toString());
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "shared packages must not depend on a platform");
    }

    @Test
    void theSealedChoiceListsEveryPlatformFolder() throws IOException {
        String platform = Files.readString(SOURCES.resolve("platform/Platform.java"));
        Matcher permits = Pattern.compile("permits ([A-Za-z0-9, ]+) \\{").matcher(platform);
        assertTrue(permits.find(), "Platform has a permits clause");
        List<String> choices = List.of(permits.group(1).split(",\\s*"));
        Set<String> permitted = new TreeSet<>();
        for (Class<?> c : Platform.class.getPermittedSubclasses()) {
            permitted.add(c.getSimpleName());
        }
        assertEquals(permitted, new TreeSet<>(choices), "the permits clause read from the source");
        // every platform folder (but the shared server folder) is composed by exactly one choice's build()
        Set<String> composed = new TreeSet<>();
        for (String choice : choices) {
            composed.addAll(referencedPlatformPackages(SOURCES.resolve("platform/" + choice + ".java")));
        }
        composed.remove(SERVER);
        Set<String> folders = new TreeSet<>();
        for (Path folder : platformFolders()) {
            folders.add(folder.getFileName().toString());
        }
        folders.remove(SERVER);
        assertEquals(folders, composed, "each platform folder belongs to one choice of the sealed Platform");
        assertEquals(5, choices.size(), "ECS blue/green, EC2 in place, EC2 blue/green, Lambda canary, existing servers: " + choices);
    }

    private static List<Path> platformFolders() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES.resolve("platform"))) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> javaFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static Set<String> referencedPlatformPackages(Path file) throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }
}
