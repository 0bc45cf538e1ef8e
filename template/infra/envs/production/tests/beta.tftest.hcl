# What the beta cost profile runs in production (infra/profiles.yaml; production.tftest.hcl
# pins the production profile); each assert's error_message starts with the name of the one it
# checks:
#   one_task            one web task, autoscaling up to 2; the worker still runs
#   small_database      a single-zone db.t4g.micro of 20 GB, with production's 30 days of
#                       point-in-time recovery copied to the disaster-recovery region
#   one_nat_gateway     one NAT gateway for both zones; still two zones for the load balancer
# The merged run plans the file's variables; the other expects a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

mock_provider "aws" {
  alias           = "dr"
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  image_tag       = "0123456789abcdef"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  public_url      = "https://beta.example.com"
  mail_domain     = "mail.example.com"
  profile         = "beta"
}

run "as_configured" {
  command = plan

  assert {
    condition     = module.service.min_capacity == 1 && module.service.max_capacity == 2
    error_message = "one_task: the beta profile runs one web task, scaling up to 2."
  }

  assert {
    condition     = endswith(output.worker_service_name, "-worker")
    error_message = "one_task: the beta profile still runs the worker service."
  }

  assert {
    condition     = !module.database.multi_az && module.database.instance_class == "db.t4g.micro"
    error_message = "small_database: the beta profile's database is a single-zone db.t4g.micro."
  }

  assert {
    condition     = module.database.allocated_storage_gb == 20
    error_message = "small_database: the beta profile's database starts with 20 GB."
  }

  assert {
    condition     = module.database.backup_retention_days >= 30 && module.backup.retention_days >= 30 && module.database.deletion_protection
    error_message = "small_database: the beta profile keeps production's 30 days of recovery, their copy and deletion protection."
  }

  assert {
    condition     = module.network.nat_gateway_count == 1 && length(module.network.azs) == 2
    error_message = "one_nat_gateway: the beta profile has one NAT gateway for two zones."
  }
}

run "refuses_an_unknown_profile" {
  command = plan

  variables {
    profile = "tiny"
  }

  expect_failures = [var.profile]
}
