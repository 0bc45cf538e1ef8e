# Guarantees; each assert's error_message starts with the name of the one it checks:
#   two_zones           public and private subnets in each of at least two zones, apart
#   no_public_ips       no public IPs by default
#   private_via_nat     private traffic out through a NAT gateway per zone (one when asked)
#   logs_all_traffic    flow logs of all traffic, with a retention, encrypted
# The merged run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name = "acme-test"
}

run "as_configured" {
  module {
    source = "./modules/network"
  }

  command = plan

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2
    error_message = "two_zones: expected one public and one private subnet in each of two zones."
  }

  assert {
    condition     = length(distinct(aws_subnet.private[*].availability_zone)) == 2 && length(distinct(aws_subnet.public[*].availability_zone)) == 2
    error_message = "two_zones: subnets of one tier must be in distinct availability zones."
  }

  assert {
    condition     = alltrue([for subnet in aws_subnet.public : !subnet.map_public_ip_on_launch])
    error_message = "no_public_ips: public subnets must not hand out public IPs on launch."
  }

  assert {
    condition     = length(setintersection(aws_subnet.public[*].cidr_block, aws_subnet.private[*].cidr_block)) == 0
    error_message = "two_zones: public and private subnets must not overlap."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 2
    error_message = "private_via_nat: expected one NAT gateway per zone by default."
  }

  assert {
    condition     = alltrue([for table in aws_route_table.private : alltrue([for route in table.route : route.gateway_id == "" || route.gateway_id == null])])
    error_message = "private_via_nat: private subnets must not route to the internet gateway."
  }

  assert {
    condition     = aws_flow_log.this.traffic_type == "ALL"
    error_message = "logs_all_traffic: flow logs must record accepted and rejected traffic."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "logs_all_traffic: flow logs must be kept for the configured retention."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == module.kms_key.key_arn
    error_message = "logs_all_traffic: flow logs must be encrypted with the module's key."
  }
}

run "single_nat_gateway_when_asked" {
  module {
    source = "./modules/network"
  }

  command = plan

  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1
    error_message = "private_via_nat: single_nat_gateway must create exactly one NAT gateway."
  }
}

run "refuses_a_single_zone" {
  module {
    source = "./modules/network"
  }

  command = plan

  variables {
    az_count = 1
  }

  expect_failures = [var.az_count]
}

run "refuses_a_range_too_small_for_the_subnets" {
  module {
    source = "./modules/network"
  }

  command = plan

  variables {
    cidr_block = "10.0.0.0/20"
  }

  expect_failures = [var.cidr_block]
}
