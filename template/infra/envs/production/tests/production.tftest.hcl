# Production's promises, checked on the composition: 30 days of point-in-time recovery,
# multi-AZ, deletion protection, 2 to 10 tasks, a NAT gateway per zone, and the backups
# copied to the disaster-recovery region for 30 days.
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
}

run "protects_the_database" {
  command = plan

  assert {
    condition     = module.database.backup_retention_days >= 30
    error_message = "Production must keep at least 30 days of point-in-time recovery."
  }

  assert {
    condition     = module.database.multi_az
    error_message = "The production database must have a standby in a second zone."
  }

  assert {
    condition     = module.database.deletion_protection
    error_message = "The production database must refuse deletion."
  }

  assert {
    condition     = module.database.storage_encrypted && !module.database.publicly_accessible
    error_message = "The production database must be encrypted and private."
  }
}

run "copies_backups_to_the_disaster_recovery_region" {
  command = plan

  assert {
    condition     = module.backup.retention_days >= 30
    error_message = "Replicated backups must cover the same 30 days."
  }
}

run "scales_between_two_and_ten_tasks" {
  command = plan

  assert {
    condition     = module.service.min_capacity == 2 && module.service.max_capacity == 10
    error_message = "Production runs 2 to 10 tasks (docs/deploy/scaling.md)."
  }
}

run "survives_a_zone_outage" {
  command = plan

  assert {
    condition     = length(module.network.azs) >= 2 && module.network.nat_gateway_count == length(module.network.azs)
    error_message = "Production needs two zones with a NAT gateway each."
  }
}
