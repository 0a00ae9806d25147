package io.bluegreen.ecs;

import io.bluegreen.validation.Check;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's container, as a Java model. The task definition (and the pipeline's taskdef.json and appspec)
 * are generated from it, so the container name and port are the same everywhere CodeDeploy looks.
 *
 * @param name container name (also the appspec's ContainerName and the pipeline's IMAGE1 container)
 * @param image image for the first deployment; the pipeline replaces it with each build's image
 * @param port container port, 1..65535
 * @param size Fargate cpu/memory pair
 * @param environment plain environment variables (not secrets)
 * @param secrets secrets as SSM / Secrets Manager ARNs
 * @param healthCheck optional container health check (null = none)
 * @param readOnlyRootFilesystem mount the root file system read-only
 */
public record ContainerSpec(String name, String image, int port, FargateSize size, Map<String, String> environment,
                            List<ContainerSecret> secrets, ContainerHealthCheck healthCheck,
                            boolean readOnlyRootFilesystem) {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$");
    private static final Pattern SECRET_LOOKING_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY).*");

    /** nginx from the ECR public gallery: listens on 80, answers GET / with 200. */
    public static final String PLACEHOLDER_IMAGE = "public.ecr.aws/nginx/nginx:stable";

    public ContainerSpec {
        Check check = Check.in("ContainerSpec");
        check.matches("name", name, NAME, "letters, digits, '_' and '-' (up to 255)", "e.g. \"web\"");
        check.require(image != null && !image.isBlank() && !image.contains(" "), "image", image,
                "an image reference such as public.ecr.aws/nginx/nginx:stable", "give the image for the first deployment");
        check.between("port", port, 1, 65535, "use the port your container listens on, e.g. 80");
        check.notNull("size", size, "e.g. new FargateSize(256, 512)");
        environment = Map.copyOf(Check.orDefault(environment, Map.of()));
        for (Map.Entry<String, String> e : environment.entrySet()) {
            check.matches("environment key", e.getKey(), ContainerSecret.ENV_NAME, "an environment variable name", "rename it");
            check.require(!SECRET_LOOKING_NAME.matcher(e.getKey()).matches(), "environment key", e.getKey(),
                    "no secret-looking names in plain environment variables (they end up in the Terraform JSON)",
                    "move it to secrets as an SSM or Secrets Manager ARN (ContainerSecret)");
        }
        secrets = List.copyOf(Check.orDefault(secrets, List.of()));
        for (ContainerSecret secret : secrets) {
            check.require(!environment.containsKey(secret.name()), "secrets", secret.name(),
                    "a name not also used by a plain environment variable", "remove one of the two");
        }
        check.distinct("secrets names", secrets.stream().map(ContainerSecret::name).toList(), "remove the duplicate");
    }

    /** A container named {@code name} running the placeholder image on port 80 at the smallest size. */
    public static ContainerSpec placeholder(String name) {
        return new ContainerSpec(name, PLACEHOLDER_IMAGE, 80, FargateSize.SMALLEST, Map.of(), List.of(), null, false);
    }

    public ContainerSpec withImage(String value, int newPort) {
        return new ContainerSpec(name, value, newPort, size, environment, secrets, healthCheck, readOnlyRootFilesystem);
    }

    public ContainerSpec withSize(FargateSize value) {
        return new ContainerSpec(name, image, port, value, environment, secrets, healthCheck, readOnlyRootFilesystem);
    }

    public ContainerSpec withEnvironment(Map<String, String> value) {
        return new ContainerSpec(name, image, port, size, value, secrets, healthCheck, readOnlyRootFilesystem);
    }

    public ContainerSpec withSecrets(List<ContainerSecret> value) {
        return new ContainerSpec(name, image, port, size, environment, value, healthCheck, readOnlyRootFilesystem);
    }

    public ContainerSpec withHealthCheck(ContainerHealthCheck value) {
        return new ContainerSpec(name, image, port, size, environment, secrets, value, readOnlyRootFilesystem);
    }

    public ContainerSpec withReadOnlyRootFilesystem(boolean value) {
        return new ContainerSpec(name, image, port, size, environment, secrets, healthCheck, value);
    }

    /** Environment variables in a stable order. */
    public Map<String, String> sortedEnvironment() {
        return new TreeMap<>(environment);
    }
}
