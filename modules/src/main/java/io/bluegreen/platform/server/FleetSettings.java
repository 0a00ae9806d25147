package io.bluegreen.platform.server;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * The EC2 fleet of a service: instance type, Auto Scaling group size and image.
 *
 * @param instanceType an instance type of the allowed general-purpose, compute or memory families, e.g. t3.small
 * @param minSize the group's minimum size (1..100)
 * @param maxSize the group's maximum size (minSize..100)
 * @param desiredCapacity instances at creation (minSize..maxSize)
 * @param amiParameter the public SSM parameter that names the image, resolved when an instance launches (an Amazon
 *                     Linux 2023 parameter under /aws/service/ami-amazon-linux-latest/; its architecture must match
 *                     the instance type's: arm64 for Graviton types such as t4g)
 * @param rootVolumeGb the encrypted gp3 root volume (8..1024 GiB; the AL2023 image needs 8)
 */
public record FleetSettings(String instanceType, int minSize, int maxSize, int desiredCapacity, String amiParameter,
                            int rootVolumeGb) implements Settings<FleetSettings, FleetSettings.Builder> {
    /** Where AWS publishes the Amazon Linux images' parameters; every fleet's image parameter is below it. */
    public static final String AMI_PARAMETER_PREFIX = "/aws/service/ami-amazon-linux-latest/";
    /** Amazon Linux 2023, x86_64, the latest image (AWS's public parameter). */
    public static final String AL2023_X86_64 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    /** Amazon Linux 2023, arm64 (Graviton), the latest image. */
    public static final String AL2023_ARM64 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
    /** Instance families the fleet may use: current general-purpose, compute-optimized and memory-optimized ones. */
    static final Pattern INSTANCE_TYPE = Pattern.compile(
            "^(t3|t3a|t4g|m5|m5a|m6i|m6a|m6g|m7i|m7a|m7g|c5|c5a|c6i|c6a|c6g|c7i|c7a|c7g|r5|r5a|r6i|r6a|r6g|r7i|r7a|r7g)"
                    + "\\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]?xlarge)$");
    private static final Pattern AMI_PARAMETER = Pattern.compile("^/aws/service/ami-amazon-linux-latest/al2023-ami-[a-z0-9._-]+$");

    /** Every field at its default ({@link Builder}): a t3.small fleet of 2 (1..3), Amazon Linux 2023, 8 GiB root volume. */
    public static final FleetSettings DEFAULT = Settings.defaults(FleetSettings.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default "t3.small": burstable and cheap, enough for the example application and the CodeDeploy agent. */
        public String instanceType = "t3.small";
        /** @default 1: the fleet never shrinks to nothing, so there is always an instance to deploy to. */
        public int minSize = 1;
        /** @default 3: room for one instance above the desired two while scaling. */
        public int maxSize = 3;
        /** @default 2: two instances, so an in-place deployment one at a time keeps one serving. */
        public int desiredCapacity = 2;
        /** @default {@link #AL2023_X86_64}: the latest Amazon Linux 2023 for the x86_64 default instance type. */
        public String amiParameter = AL2023_X86_64;
        /** @default 8: the size of the Amazon Linux 2023 image's snapshot, the smallest volume it boots from. */
        public int rootVolumeGb = 8;
    }

    public FleetSettings {
        Check check = Check.in("FleetSettings");
        check.matches("instanceType", instanceType, INSTANCE_TYPE,
                "an instance type of the families t3, t3a, t4g, m5..m7, c5..c7 or r5..r7 (e.g. t3.small, m7g.large)",
                "choose a current general-purpose, compute or memory type");
        check.between("minSize", minSize, 1, 100, "use e.g. 2");
        check.between("maxSize", maxSize, 1, 100, "use e.g. 4");
        check.require(minSize <= maxSize, "minSize", minSize, "at most maxSize (" + maxSize + ")", "raise maxSize or lower minSize");
        check.require(desiredCapacity >= minSize && desiredCapacity <= maxSize, "desiredCapacity", desiredCapacity,
                "between minSize (" + minSize + ") and maxSize (" + maxSize + ")", "set desiredCapacity inside the bounds");
        check.matches("amiParameter", amiParameter, AMI_PARAMETER,
                "an SSM public parameter path of Amazon Linux 2023, e.g. " + AL2023_X86_64,
                "use FleetSettings.AL2023_X86_64 or FleetSettings.AL2023_ARM64");
        boolean graviton = instanceType.split("\\.")[0].endsWith("g");
        check.require(graviton == amiParameter.endsWith("arm64"), "amiParameter", amiParameter,
                (graviton ? "an arm64 image for the Graviton type " : "an x86_64 image for the type ") + instanceType,
                graviton ? "use FleetSettings.AL2023_ARM64" : "use FleetSettings.AL2023_X86_64");
        check.between("rootVolumeGb", rootVolumeGb, 8, 1024, "use e.g. 8");
    }

    /** The same fleet with other sizes. */
    public FleetSettings withSize(int min, int max, int desired) {
        return with(f -> {
            f.minSize = min;
            f.maxSize = max;
            f.desiredCapacity = desired;
        });
    }

    /** The same fleet on another instance type (and its image, e.g. arm64 for Graviton). */
    public FleetSettings withInstanceType(String type, String ami) {
        return with(f -> {
            f.instanceType = type;
            f.amiParameter = ami;
        });
    }
}
