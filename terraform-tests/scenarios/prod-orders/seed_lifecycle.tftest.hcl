# The EC2 blue/green seed group through the rows of docs/platforms/ec2-blue-green.md, "The lifecycle". The runs apply, in order,
# to one state, as one stack does over its releases. data.aws_autoscaling_groups is the plan-time lookup of every
# group name in the region; CodeDeploy's copies are named CodeDeploy_<deployment group>_d-<id>. Asserted in each row:
# whether the configuration holds the seed (its count) and what the deployment group names. Not played: what a
# refresh finds in AWS (mocked resources never disappear), so "deployment 1 done" removes the seed from state by
# applying count 0 where AWS's refresh would have dropped the deleted group, and "fleet deleted by hand" creates it.

run "first_apply" {
  command = apply

  override_data {
    target = data.aws_autoscaling_groups.Fleet_RegionGroups_7D4833A2
    values = { names = ["catalog-prod-asg", "CodeDeploy_catalog-prod-dg_d-0CATALOG1"] }
  }

  assert {
    condition     = length(aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB) == 1 && aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB[0].name == "orders-prod-asg"
    error_message = "the first apply creates the seed group orders-prod-asg (other services' groups do not count)"
  }
  assert {
    condition     = aws_codedeploy_deployment_group.Deployment_DeploymentGroup_92D916CE.autoscaling_groups == toset(["orders-prod-asg"])
    error_message = "the deployment group is created naming the seed"
  }
  assert {
    condition     = aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB[0].launch_template[0].version == "$Latest"
    error_message = "the seed launches from the template's $Latest version, which CodeDeploy copies into every copy"
  }
}

run "deployment_1_running" {
  command = apply

  override_data {
    target = data.aws_autoscaling_groups.Fleet_RegionGroups_7D4833A2
    values = { names = ["orders-prod-asg", "CodeDeploy_orders-prod-dg_d-1A2B3C4D5"] }
  }

  assert {
    condition     = length(aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB) == 1
    error_message = "while the seed exists it stays in the configuration (count 1), so the plan does not delete it"
  }
  assert {
    condition     = aws_codedeploy_deployment_group.Deployment_DeploymentGroup_92D916CE.autoscaling_groups == toset(["orders-prod-asg"])
    error_message = "the deployment group keeps what it was created with (ignore_changes on autoscaling_groups)"
  }
}

run "deployment_1_done" {
  command = apply

  override_data {
    target = data.aws_autoscaling_groups.Fleet_RegionGroups_7D4833A2
    values = { names = ["CodeDeploy_orders-prod-dg_d-1A2B3C4D5"] }
  }

  assert {
    condition     = length(aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB) == 0
    error_message = "once CodeDeploy deleted the seed and its copy serves, the seed leaves the configuration: no new seed"
  }
  assert {
    condition     = aws_codedeploy_deployment_group.Deployment_DeploymentGroup_92D916CE.autoscaling_groups == toset(["orders-prod-asg"])
    error_message = "Terraform does not send the group list back (CodeDeploy keeps the deployment group pointed at its copy)"
  }
}

run "deployment_2_failed" {
  command = apply

  override_data {
    target = data.aws_autoscaling_groups.Fleet_RegionGroups_7D4833A2
    values = { names = ["CodeDeploy_orders-prod-dg_d-1A2B3C4D5", "CodeDeploy_orders-prod-dg_d-6E7F8G9H0"] }
  }

  assert {
    condition     = length(aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB) == 0
    error_message = "a failed copy left for the clean-up beside the live copy brings no seed back"
  }
}

run "fleet_deleted_by_hand" {
  command = apply

  override_data {
    target = data.aws_autoscaling_groups.Fleet_RegionGroups_7D4833A2
    values = { names = ["CodeDeploy_orders-prod-dg2_d-0OTHER001"] }
  }

  assert {
    condition     = length(aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB) == 1
    error_message = "with no group of this deployment group left, the seed is created again (a similar prefix does not count)"
  }
}
