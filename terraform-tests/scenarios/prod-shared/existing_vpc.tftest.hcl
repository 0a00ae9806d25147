# docs/configuration.md: Environments. prod's shared stack creates no network: it reads the existing VPC and hands its address
# range to the service stacks (their test-port allow-list defaults to the VPC's own block).

run "reads_the_existing_vpc" {
  command = apply

  override_data {
    target = data.aws_vpc.Network_Vpc_FAC8F4A5
    values = { id = "vpc-0f1e2d3c4b5a69788", cidr_block = "10.20.0.0/16" }
  }

  assert {
    condition     = data.aws_vpc.Network_Vpc_FAC8F4A5.id == "vpc-0f1e2d3c4b5a69788"
    error_message = "the shared stack looks up the VPC the environment names"
  }
  assert {
    condition     = output.cross-stack-output-dataaws_vpcNetwork_Vpc_FAC8F4A5cidr_block == "10.20.0.0/16"
    error_message = "the VPC's address range reaches the service stacks through the shared stack's output"
  }
}
