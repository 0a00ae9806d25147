package io.bluegreen.terraform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder the jsii runtime unpacks its Node program into ({@code <tmp>/jsii-java-runtime<n>}). The runtime
 * deletes the files in it when the JVM exits but leaves the folders, so every synth and every test JVM would leave
 * one behind in the system's temporary directory. Found through the running Node child's command line, so only
 * this JVM's folder is ever touched.
 */
public final class JsiiRuntimeFolder {
    private static final Pattern FOLDER = Pattern.compile("(.*[/\\\\]jsii-java-runtime\\d+)[/\\\\].*");

    private JsiiRuntimeFolder() {
    }

    /** This JVM's jsii runtime folder, while its Node child runs; empty before the runtime started. */
    public static Optional<Path> current() {
        try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
            return children.flatMap(child -> child.info().arguments().stream().flatMap(Stream::of))
                    .map(FOLDER::matcher)
                    .filter(Matcher::matches)
                    .map(m -> Path.of(m.group(1)))
                    .findFirst();
        }
    }

    /** Deletes this JVM's jsii runtime folder when the JVM exits (nothing when the runtime has not started). */
    public static void removeAtExit() {
        current().ifPresent(folder -> Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder))));
    }

    /** Deletes {@code folder} and everything in it; what cannot be deleted stays (a best effort at exit). */
    public static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // Already gone, or not ours to delete: nothing to do at exit.
        }
    }
}
