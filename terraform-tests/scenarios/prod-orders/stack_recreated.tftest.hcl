# docs/platforms/ec2-blue-green.md, "The lifecycle": the stack created again (state lost, or the deployment group replaced)
# while CodeDeploy's live copy survived. A state of its own: this file is a first apply into that region.

run "stack_recreated_while_the_live_copy_survives" {
  command = apply

  override_data {
    target = data.aws_autoscaling_groups.Fleet_RegionGroups_7D4833A2
    values = { names = ["CodeDeploy_orders-prod-dg_d-1A2B3C4D5", "catalog-prod-asg"] }
  }

  assert {
    condition     = length(aws_autoscaling_group.Fleet_SeedGroup_0C6A75EB) == 0
    error_message = "no second fleet beside the live copy"
  }
  assert {
    condition     = aws_codedeploy_deployment_group.Deployment_DeploymentGroup_92D916CE.autoscaling_groups == toset(["CodeDeploy_orders-prod-dg_d-1A2B3C4D5"])
    error_message = "the deployment group is created with the live copy (CodeDeploy refuses a copy-mode group with none)"
  }
}
