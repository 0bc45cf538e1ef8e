# Guarantee; each assert's error_message starts with its name:
#   replicates  the database's automated backups are replicated, encrypted, to the region of
#               the provider the module runs with (the disaster-recovery region)
# The first run plans the file's variables; the other expects a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name                   = "acme-test"
  source_db_instance_arn = "arn:aws:rds:eu-west-1:123456789012:db:acme-test"
  retention_days         = 14
}

run "as_configured" {
  module {
    source = "./modules/backup"
  }

  command = plan

  assert {
    condition     = aws_db_instance_automated_backups_replication.this.source_db_instance_arn == "arn:aws:rds:eu-west-1:123456789012:db:acme-test"
    error_message = "replicates: the source database's backups must be the ones replicated."
  }

  assert {
    condition     = aws_db_instance_automated_backups_replication.this.retention_period == 14
    error_message = "replicates: replicated backups must be kept for the requested 14 days."
  }

  assert {
    condition     = aws_db_instance_automated_backups_replication.this.kms_key_id == module.kms_key.key_arn
    error_message = "replicates: replicated backups must be encrypted with a key of the disaster-recovery region."
  }
}

run "refuses_a_retention_of_one_day" {
  module {
    source = "./modules/backup"
  }

  command = plan

  variables {
    retention_days = 1
  }

  expect_failures = [var.retention_days]
}
