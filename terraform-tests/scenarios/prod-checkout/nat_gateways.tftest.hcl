# docs/configuration.md: Traffic layer. An internet-facing ALB in an existing VPC admits, on the test port, the public addresses the
# VPC's private subnets leave through: its available public NAT gateways, looked up at plan time, one ingress rule
# per gateway. With none, the plan stops with the advice to give the addresses (the smoke test would time out).

run "one_gateway" {
  command = plan

  override_data {
    target = data.aws_nat_gateways.ExistingVpc_NatGateways_D6550DB7
    values = { ids = ["nat-0a1b2c3d4e5f60001"] }
  }
  override_data {
    target = data.aws_nat_gateway.ExistingVpc_NatGateway_3D0E5B8C["nat-0a1b2c3d4e5f60001"]
    values = { connectivity_type = "public", public_ip = "203.0.113.10" }
  }

  assert {
    condition     = [for rule in aws_vpc_security_group_ingress_rule.Traffic_AlbTestIngressNat_03D3FC4B : rule.cidr_ipv4] == ["203.0.113.10/32"]
    error_message = "one gateway: one ingress rule for its public address"
  }
  assert {
    condition     = alltrue([for rule in aws_vpc_security_group_ingress_rule.Traffic_AlbTestIngressNat_03D3FC4B : rule.from_port == 8080 && rule.to_port == 8080])
    error_message = "the NAT addresses are admitted on the test port only"
  }
}

run "two_gateways" {
  command = plan

  override_data {
    target = data.aws_nat_gateways.ExistingVpc_NatGateways_D6550DB7
    values = { ids = ["nat-0a1b2c3d4e5f60001", "nat-0a1b2c3d4e5f60002"] }
  }
  override_data {
    target = data.aws_nat_gateway.ExistingVpc_NatGateway_3D0E5B8C["nat-0a1b2c3d4e5f60001"]
    values = { connectivity_type = "public", public_ip = "203.0.113.10" }
  }
  override_data {
    target = data.aws_nat_gateway.ExistingVpc_NatGateway_3D0E5B8C["nat-0a1b2c3d4e5f60002"]
    values = { connectivity_type = "public", public_ip = "203.0.113.20" }
  }

  assert {
    condition     = toset([for rule in aws_vpc_security_group_ingress_rule.Traffic_AlbTestIngressNat_03D3FC4B : rule.cidr_ipv4]) == toset(["203.0.113.10/32", "203.0.113.20/32"])
    error_message = "two gateways: one ingress rule each"
  }
  assert {
    condition     = toset(keys(aws_vpc_security_group_ingress_rule.Traffic_AlbTestIngressNat_03D3FC4B)) == toset(["nat-0a1b2c3d4e5f60001", "nat-0a1b2c3d4e5f60002"])
    error_message = "the rules are keyed by gateway id, so adding or removing a gateway leaves the others in place"
  }
}

run "a_private_gateway_is_skipped" {
  command = plan

  override_data {
    target = data.aws_nat_gateways.ExistingVpc_NatGateways_D6550DB7
    values = { ids = ["nat-0a1b2c3d4e5f60001", "nat-0a1b2c3d4e5f60003"] }
  }
  override_data {
    target = data.aws_nat_gateway.ExistingVpc_NatGateway_3D0E5B8C["nat-0a1b2c3d4e5f60001"]
    values = { connectivity_type = "public", public_ip = "203.0.113.10" }
  }
  override_data {
    target = data.aws_nat_gateway.ExistingVpc_NatGateway_3D0E5B8C["nat-0a1b2c3d4e5f60003"]
    values = { connectivity_type = "private", public_ip = null }
  }

  assert {
    condition     = [for rule in aws_vpc_security_group_ingress_rule.Traffic_AlbTestIngressNat_03D3FC4B : rule.cidr_ipv4] == ["203.0.113.10/32"]
    error_message = "a private NAT gateway has no public address and gets no rule"
  }
}

run "no_gateway_stops_the_plan" {
  command = plan

  override_data {
    target = data.aws_nat_gateways.ExistingVpc_NatGateways_D6550DB7
    values = { ids = [] }
  }

  expect_failures = [aws_lambda_function.SmokeTest_Function_6E7E9985]
}

run "only_private_gateways_stop_the_plan" {
  command = plan

  override_data {
    target = data.aws_nat_gateways.ExistingVpc_NatGateways_D6550DB7
    values = { ids = ["nat-0a1b2c3d4e5f60003"] }
  }
  override_data {
    target = data.aws_nat_gateway.ExistingVpc_NatGateway_3D0E5B8C["nat-0a1b2c3d4e5f60003"]
    values = { connectivity_type = "private", public_ip = null }
  }

  expect_failures = [aws_lambda_function.SmokeTest_Function_6E7E9985]
}
