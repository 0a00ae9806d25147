# docs/configuration.md: Environments (prod runs in an existing VPC). The subnets are read at plan time, and the public (ALB) and the
# private (tasks) subnets must each span two availability zones, or the plan stops. (That each lookup names the VPC,
# so that a subnet of another VPC is not found, is the lookup's configuration; a mock cannot play AWS's answer.)

run "subnets_in_two_zones" {
  command = plan

  assert {
    condition     = aws_lb.Traffic_LoadBalancer_6746E515.subnets == toset(["subnet-0f1e2d3c4b5a69781", "subnet-0f1e2d3c4b5a69782"])
    error_message = "the ALB is placed in the listed public subnets"
  }
  assert {
    condition     = aws_ecs_service.Service_D69D759B.network_configuration[0].subnets == toset(["subnet-0f1e2d3c4b5a69791", "subnet-0f1e2d3c4b5a69792"]) && !aws_ecs_service.Service_D69D759B.network_configuration[0].assign_public_ip
    error_message = "the tasks run in the listed private subnets, without public addresses"
  }
}

run "public_subnets_in_one_zone_stop_the_plan" {
  command = plan

  override_data {
    target = data.aws_subnet.ExistingVpc_Subnet_subnet_0f1e2d3c4b5a69781_6CB9A98A
    values = { id = "subnet-0f1e2d3c4b5a69781", vpc_id = "vpc-0f1e2d3c4b5a69788", availability_zone = "eu-west-1a" }
  }
  override_data {
    target = data.aws_subnet.ExistingVpc_Subnet_subnet_0f1e2d3c4b5a69782_77D35A82
    values = { id = "subnet-0f1e2d3c4b5a69782", vpc_id = "vpc-0f1e2d3c4b5a69788", availability_zone = "eu-west-1a" }
  }

  expect_failures = [aws_lb.Traffic_LoadBalancer_6746E515]
}

run "private_subnets_in_one_zone_stop_the_plan" {
  command = plan

  override_data {
    target = data.aws_subnet.ExistingVpc_Subnet_subnet_0f1e2d3c4b5a69791_3FDCB735
    values = { id = "subnet-0f1e2d3c4b5a69791", vpc_id = "vpc-0f1e2d3c4b5a69788", availability_zone = "eu-west-1b" }
  }
  override_data {
    target = data.aws_subnet.ExistingVpc_Subnet_subnet_0f1e2d3c4b5a69792_03A579C1
    values = { id = "subnet-0f1e2d3c4b5a69792", vpc_id = "vpc-0f1e2d3c4b5a69788", availability_zone = "eu-west-1b" }
  }

  expect_failures = [aws_ecs_service.Service_D69D759B]
}
