# Staging's promises: at least 7 days of point-in-time recovery, 1 to 2 tasks, two zones.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  image_tag       = "0123456789abcdef"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
}

run "keeps_a_week_of_backups" {
  command = plan

  assert {
    condition     = module.database.backup_retention_days >= 7
    error_message = "Staging must keep at least 7 days of point-in-time recovery."
  }

  assert {
    condition     = module.database.storage_encrypted && !module.database.publicly_accessible
    error_message = "The staging database must be encrypted and private."
  }
}

run "scales_between_one_and_two_tasks" {
  command = plan

  assert {
    condition     = module.service.min_capacity == 1 && module.service.max_capacity == 2
    error_message = "Staging runs 1 to 2 tasks."
  }
}

run "spans_two_zones" {
  command = plan

  assert {
    condition     = length(module.network.azs) >= 2
    error_message = "Staging needs two zones (the database subnet group requires them)."
  }
}
