package io.bluegreen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary folders for tests, deleted with everything in them when the JVM exits (also after a failed test):
 * a test run leaves nothing in the system's temporary directory.
 */
public final class Scratch {
    private static final List<Path> FOLDERS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Scratch::deleteAll));
    }

    private Scratch() {
    }

    /** A new empty folder whose name starts with {@code prefix}. */
    public static synchronized Path dir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            FOLDERS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code folder} (made by something else, e.g. Testing.fullSynth) when the JVM exits. */
    public static synchronized void deleteAtExit(Path folder) {
        FOLDERS.add(folder);
    }

    /** Deletes {@code root} and everything below it now. */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void deleteAll() {
        FOLDERS.forEach(Scratch::delete);
    }
}
