package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryImageScanningConfiguration;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The service's image repository: ECR {@code <service>-<env>}, scan on push, immutable tags, KMS encryption;
 * untagged images expire after 7 days and only the last {@link Props#keepImages()} tagged images are kept. Tags are
 * mutable only where a release tag must move ({@link Props#mutableTags()}: an ECR image push source); the
 * deployment then still runs the image by its digest.
 */
public class ImageRepository extends Construct {
    /**
     * @param names naming helper
     * @param keepImages tagged images kept (1..1000); older ones expire
     * @param mutableTags a tag may be pushed again (the release tag of an ECR image push source); false = immutable
     */
    /**
     * @param forceDelete let `destroy` delete the repository with its images (a disposable environment's, e.g. dev's);
     *                    false: a destroy stops at a repository that still holds images, which stay usable
     */
    public record Props(Names names, int keepImages, boolean mutableTags, boolean forceDelete) {
        /** A repository with immutable tags, kept by a destroy while it holds images. */
        public Props(Names names, int keepImages) {
            this(names, keepImages, false, false);
        }

        public Props {
            Check check = Check.in("ImageRepository.Props");
            check.notNull("names", names, "pass the environment's Names");
            check.between("keepImages", keepImages, 1, 1000, "use e.g. 30");
        }
    }

    private final EcrRepository repository;

    public ImageRepository(Construct scope, String id, Props props) {
        super(scope, id);
        repository = EcrRepository.Builder.create(this, "Repository")
                .name(props.names().base())
                .imageTagMutability(props.mutableTags() ? "MUTABLE" : "IMMUTABLE")
                .forceDelete(props.forceDelete())
                .imageScanningConfiguration(EcrRepositoryImageScanningConfiguration.builder().scanOnPush(true).build())
                .encryptionConfiguration(List.of(EcrRepositoryEncryptionConfiguration.builder().encryptionType("KMS").build()))
                .build();
        EcrLifecyclePolicy.Builder.create(this, "RepositoryLifecycle")
                .repository(repository.getName())
                .policy(PolicyDocument.json(lifecycle(props.keepImages())))
                .build();
    }

    /** What a build needs to push images here (plus the account-wide login, which has no resource-level permission). */
    public List<PolicyStatement> pushStatements() {
        return List.of(
                // ecr:GetAuthorizationToken has no resource-level permissions.
                PolicyStatement.allow("EcrLogin", List.of("ecr:GetAuthorizationToken"), List.of("*")),
                PolicyStatement.allow("PushImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                        "ecr:CompleteLayerUpload", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer",
                        "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"), List.of(repository.getArn())));
    }

    private static Map<String, Object> lifecycle(int keepImages) {
        Map<String, Object> untagged = Map.of(
                "rulePriority", 1,
                "description", "Expire untagged images after 7 days",
                "selection", Map.of("tagStatus", "untagged", "countType", "sinceImagePushed", "countUnit", "days", "countNumber", 7),
                "action", Map.of("type", "expire"));
        Map<String, Object> tagged = Map.of(
                "rulePriority", 2,
                "description", "Keep the last " + keepImages + " tagged images",
                "selection", Map.of("tagStatus", "tagged", "tagPatternList", List.of("*"), "countType", "imageCountMoreThan",
                        "countNumber", keepImages),
                "action", Map.of("type", "expire"));
        return Map.of("rules", List.of(untagged, tagged));
    }

    public EcrRepository getRepository() {
        return repository;
    }

    public String getRepositoryUrl() {
        return repository.getRepositoryUrl();
    }
}
