package io.bluegreen.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Deployment packages of the project's own small Lambda functions (CodeDeploy hooks, clean-up), built once per JVM
 * from a classpath resource: a zip of the one source file, stored with a fixed time, so that the bytes (and the asset
 * hash in cdk.tf.json) are the same on every synth and every machine. Zipping here instead of letting cdktf archive a
 * folder per stack saves about 150 ms per stack.
 */
public final class LambdaPackage {
    /** A fixed time well inside the DOS range (1980 itself makes Java add a time-zone-dependent extra field). */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private LambdaPackage() {
    }

    /** The zip holding {@code source}, a resource next to {@code anchor} (e.g. {@code smoke_test.py}), at its root. */
    public static Path of(Class<?> anchor, String source) {
        String key = anchor.getPackageName() + "/" + source;
        return BUILT.computeIfAbsent(key, k -> build(anchor, source));
    }

    /** A zip of {@code files} (path in the zip to content), e.g. a generated placeholder handler. */
    public static Path ofFiles(Map<String, String> files) {
        return BUILT.computeIfAbsent("files:" + new java.util.TreeMap<>(files), k -> write("package", new java.util.TreeMap<>(files)));
    }

    private static Path build(Class<?> anchor, String source) {
        try (InputStream in = anchor.getResourceAsStream(source)) {
            if (in == null) {
                throw new IllegalStateException("Lambda handler " + source + " is missing from the classpath ("
                        + anchor.getPackageName() + ")");
            }
            return write(source.replaceAll("\\.[a-z]+$", ""),
                    Map.of(source, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot package the Lambda handler " + source, e);
        }
    }

    private static Path write(String name, Map<String, String> files) {
        try {
            Path dir = Files.createTempDirectory("bluegreen-lambda");
            Path zip = dir.resolve(name + ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    byte[] bytes = file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    // Stored, not deflated, with a fixed local time: identical bytes on every JDK and in every time zone.
                    ZipEntry entry = new ZipEntry(file.getKey());
                    entry.setTimeLocal(FIXED_TIME);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setCrc(crc.getValue());
                    out.putNextEntry(entry);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            // deleteOnExit deletes in reverse order of registration: the folder is registered first so that it is
            // deleted after the zip inside it (the other order leaves an empty folder behind on every synth).
            dir.toFile().deleteOnExit();
            zip.toFile().deleteOnExit();
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Lambda package " + name, e);
        }
    }
}
