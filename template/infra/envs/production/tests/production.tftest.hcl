# Production's promises with the production cost profile (beta.tftest.hcl pins the beta
# profile), checked on the composition; each assert's error_message starts with the name of
# the one it checks:
#   protects_database   30 days of point-in-time recovery, multi-AZ db.t4g.medium, deletion
#                       protection, encrypted and private
#   copies_backups      the backups copied to the disaster-recovery region for 30 days
#   scales              2 to 10 tasks
#   survives_zone_loss  a NAT gateway per zone, in at least two zones
#   sends_mail          mail through SES from mail_domain, records created only in a given zone
#   runs_worker         the worker service
#   serves_without_the_owner  the web and worker tasks and their execution role cannot read the
#                       database administrator's secret; only the migrate task gets it
# The merged run plans the file's variables; the others change them or expect a refusal.
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
  profile         = "production"
}

run "as_configured" {
  command = plan

  assert {
    condition     = module.database.backup_retention_days >= 30
    error_message = "protects_database: production must keep at least 30 days of point-in-time recovery."
  }

  assert {
    condition     = module.database.multi_az && module.database.instance_class == "db.t4g.medium"
    error_message = "protects_database: the production profile's database is a db.t4g.medium with a standby in a second zone."
  }

  assert {
    condition     = module.database.deletion_protection
    error_message = "protects_database: the production database must refuse deletion."
  }

  assert {
    condition     = module.database.storage_encrypted && !module.database.publicly_accessible
    error_message = "protects_database: the production database must be encrypted and private."
  }

  assert {
    condition     = module.backup.retention_days >= 30
    error_message = "copies_backups: replicated backups must cover the same 30 days."
  }

  assert {
    condition     = module.service.min_capacity == 2 && module.service.max_capacity == 10
    error_message = "scales: production runs 2 to 10 tasks (docs/deploy/scaling.md)."
  }

  assert {
    condition     = length(module.network.azs) >= 2 && module.network.nat_gateway_count == length(module.network.azs)
    error_message = "survives_zone_loss: production needs two zones with a NAT gateway each."
  }

  assert {
    condition     = module.email.domain == "mail.example.com" && module.email.mail_from_domain == "bounce.mail.example.com"
    error_message = "sends_mail: the app must send from mail_domain, with bounces to its bounce. subdomain."
  }

  assert {
    condition     = startswith(module.email.email_url, "ses://eu-west-1?configuration_set=")
    error_message = "sends_mail: EMAIL_URL must be SES in the environment's region, through the configuration set."
  }

  assert {
    condition     = length(output.email_dns_records) == 6 && module.email.route53_record_count == 0
    error_message = "sends_mail: without a hosted zone the records are listed to publish, and none is created."
  }

  assert {
    condition     = endswith(output.worker_service_name, "-worker")
    error_message = "runs_worker: the environment must run the worker service."
  }
}

run "publishes_the_mail_records_in_the_given_zone" {
  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = module.email.route53_record_count == 6
    error_message = "sends_mail: with a hosted zone, the DKIM, MAIL FROM and DMARC records must be created in it."
  }
}

run "refuses_a_public_url_that_is_not_https" {
  command = plan

  variables {
    public_url = "http://beta.example.com"
  }

  expect_failures = [var.public_url]
}

# The database's key gets an ARN of its own here (the mock gives every key the same one).
run "serves_without_the_owner" {
  command = plan

  override_resource {
    target          = module.database.module.kms_key.aws_kms_key.this
    override_during = plan
    values          = { arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111" }
  }

  assert {
    condition     = !strcontains(module.service.execution_policy, module.database.master_user_secret_arn) && !strcontains(module.service.execution_policy, module.database.kms_key_arn) && !strcontains(jsonencode(module.service.task_definition_secrets), module.database.master_user_secret_arn)
    error_message = "serves_without_the_owner: the web and worker tasks and their execution role must not read the database administrator's secret."
  }

  assert {
    condition     = module.migration.task_definition_family == "${output.cluster_name}-migrate"
    error_message = "serves_without_the_owner: the migrations must run in their own task definition, the one that reads the administrator's secret."
  }
}
