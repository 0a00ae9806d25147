package io.bluegreen.platform.existingservers;

import io.bluegreen.validation.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Which servers a deployment group deploys to, by their tags (CodeDeploy's rule):
 * <ul>
 *   <li>EC2 instances: up to {@value #MAX_TAG_GROUPS} tag groups. An instance belongs to the group when it matches
 *       every tag group (AND between groups) and, within one group, any of its tags (OR within a group).</li>
 *   <li>On-premises servers: one group of tags (OR): a registered server carrying any of them belongs. CodeDeploy also
 *       knows on-premises tag <em>sets</em> (AND between groups), but the Terraform AWS provider offers only
 *       {@code on_premises_instance_tag_filter} (hashicorp/terraform-provider-aws#14920), so on-premises tags are one
 *       OR group here.</li>
 * </ul>
 * Both may be given: the deployment then covers the EC2 instances and the on-premises servers.
 *
 * @param ec2TagGroups the EC2 tag groups (AND between them, OR inside each); empty = no EC2 instances
 * @param onPremisesTags the on-premises tags (OR); empty = no on-premises servers
 */
public record ServerSelection(List<List<ServerTag>> ec2TagGroups, List<ServerTag> onPremisesTags) {
    /** CodeDeploy's limit of tag groups in a deployment group (TagSetListLimitExceededException). */
    public static final int MAX_TAG_GROUPS = 3;
    /** CodeDeploy's limit of tags in one tag group. */
    public static final int MAX_TAGS_PER_GROUP = 10;

    public ServerSelection {
        Check check = Check.in("ServerSelection");
        List<List<ServerTag>> groups = new ArrayList<>();
        for (List<ServerTag> group : Check.orDefault(ec2TagGroups, List.<List<ServerTag>>of())) {
            groups.add(List.copyOf(Check.orDefault(group, List.of())));
        }
        ec2TagGroups = List.copyOf(groups);
        onPremisesTags = List.copyOf(Check.orDefault(onPremisesTags, List.of()));
        check.require(!ec2TagGroups.isEmpty() || !onPremisesTags.isEmpty(), "tags", "none",
                "at least one EC2 tag group or one on-premises tag (without tags the deployment group selects no server)",
                "e.g. ServerSelection.ec2(ServerTag.of(\"bluegreen:service\", \"inventory-prod\"))");
        check.require(ec2TagGroups.size() <= MAX_TAG_GROUPS, "ec2TagGroups", ec2TagGroups.size() + " tag groups",
                "at most " + MAX_TAG_GROUPS + " (CodeDeploy's limit)", "merge groups: tags inside one group are alternatives");
        for (List<ServerTag> group : ec2TagGroups) {
            check.require(!group.isEmpty(), "ec2TagGroups", "an empty group",
                    "at least one tag in every group (an empty group matches nothing, so no instance would)", "remove it");
            check.require(group.size() <= MAX_TAGS_PER_GROUP, "ec2TagGroups", group.size() + " tags in one group",
                    "at most " + MAX_TAGS_PER_GROUP + " tags per group (CodeDeploy's limit)", "split the tags or tag the servers more simply");
            check.distinct("ec2TagGroups tags", group.stream().map(ServerTag::toString).toList(), "remove the duplicate tag");
        }
        check.require(onPremisesTags.size() <= MAX_TAGS_PER_GROUP, "onPremisesTags", onPremisesTags.size() + " tags",
                "at most " + MAX_TAGS_PER_GROUP + " (CodeDeploy's limit for one tag group)", "tag the servers more simply");
        check.distinct("onPremisesTags", onPremisesTags.stream().map(ServerTag::toString).toList(), "remove the duplicate tag");
    }

    /** EC2 instances matching every one of {@code groups}; each group is a list of alternatives. */
    @SafeVarargs
    public static ServerSelection ec2(List<ServerTag>... groups) {
        return new ServerSelection(List.of(groups), List.of());
    }

    /** EC2 instances carrying {@code tag}. */
    public static ServerSelection ec2(ServerTag tag) {
        return new ServerSelection(List.of(List.of(tag)), List.of());
    }

    /** Registered on-premises servers carrying any of {@code tags}. */
    public static ServerSelection onPremises(ServerTag... tags) {
        return new ServerSelection(List.of(), List.of(tags));
    }

    /** These EC2 instances and the on-premises servers carrying any of {@code tags}. */
    public ServerSelection andOnPremises(ServerTag... tags) {
        return new ServerSelection(ec2TagGroups, List.of(tags));
    }

    public boolean hasEc2() {
        return !ec2TagGroups.isEmpty();
    }

    public boolean hasOnPremises() {
        return !onPremisesTags.isEmpty();
    }
}
