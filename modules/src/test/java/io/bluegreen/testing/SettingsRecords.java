package io.bluegreen.testing;

import io.bluegreen.settings.Settings;
import io.bluegreen.settings.SettingsShape;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finds every settings record of a module and checks the contract {@link Settings} describes. */
public final class SettingsRecords {
    private SettingsRecords() {
    }

    /** The records implementing {@link Settings} among the compiled classes of {@code anchor}'s module. */
    public static List<Class<?>> in(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, anchor.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.isRecord() && Settings.class.isAssignableFrom(type)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    /**
     * The contract: the builder mirrors the record (checked by {@link SettingsShape}), every builder field carries its
     * documented default (its source has {@code @default} or "No default" in the javadoc right above it), a record
     * built from defaults survives a round trip through {@code with} unchanged, and no {@code DEFAULT}-like constant
     * was written positionally (each such constant equals the defaults or is derived from them with {@code with}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void checkContract(Class<?> type, Path sourceRoot) throws IOException {
        SettingsShape<?> shape = SettingsShape.of((Class) type);
        Class<?> builder = shape.newBuilder().getClass();
        Path source = sourceRoot.resolve(type.getName().replaceAll("\\$.*", "").replace('.', '/') + ".java");
        String text = Files.readString(source);
        for (Field f : builder.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public [\\w.<>, ?]+ " + f.getName() + "\\s*[=;]", java.util.regex.Pattern.DOTALL)
                    .matcher(text);
            assertTrue(m.find(), type.getSimpleName() + ".Builder." + f.getName() + " has no javadoc in " + source);
            String doc = m.group(1);
            assertTrue(doc.contains("@default") || doc.contains("No default"),
                    type.getSimpleName() + ".Builder." + f.getName() + ": its javadoc states no @default: " + doc.strip());
        }
        assertFalse(text.matches("(?s).*static final " + type.getSimpleName() + " [A-Z_]+ =\\s*new " + type.getSimpleName() + "\\(.*"),
                type.getSimpleName() + " declares a constant positionally (new " + type.getSimpleName() + "(...)); derive it from the builder");
    }

    /** Whether {@code record} survives a copy into its builder and back. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void checkRoundTrip(Record record) {
        Settings settings = (Settings) record;
        assertEquals(record, settings.with(b -> { }), record.getClass().getSimpleName() + " changed in a copy through its builder");
    }
}
