package io.bluegreen.environments;

import io.bluegreen.terraform.TerraformStrings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the project root (the folder holding cdktf.json), found from wherever the JVM runs. */
public final class ProjectFiles {
    public static final String BUILDSPEC = "buildspec.yml";
    /** The EC2 platforms' CodeBuild spec (packages a revision). */
    public static final String BUILDSPEC_EC2 = "buildspec-ec2.yml";
    /** The Lambda pipeline's build: package, publish a version, write the appspec. */
    public static final String BUILDSPEC_LAMBDA = "buildspec-lambda.yml";
    /** The Lambda pipeline's deploy step: create the CodeDeploy deployment and wait for its outcome. */
    public static final String BUILDSPEC_LAMBDA_DEPLOY = "buildspec-lambda-deploy.yml";
    private static final String MARKER = "cdktf.json";

    private ProjectFiles() {
    }

    /** The project root: the nearest folder upwards from the working directory that holds cdktf.json. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(MARKER))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root: no " + MARKER + " in " + dir
                + " or any folder above it; run synth from the project folder");
    }

    /**
     * The file's text as it must be written into a Terraform string (e.g. the buildspec embedded in the CodeBuild
     * project): template sequences escaped, so Terraform passes the text to AWS byte for byte.
     */
    public static String embed(String name) {
        return TerraformStrings.literal(read(name));
    }

    /** The file's text as it is on disk. */
    public static String read(String name) {
        Path file = root().resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (the pipeline's CodeBuild spec)", e);
        }
    }
}
