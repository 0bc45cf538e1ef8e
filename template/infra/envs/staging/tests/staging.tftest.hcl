# Staging's promises, checked on the composition; each assert's error_message starts with the
# name of the one it checks:
#   keeps_backups       at least 7 days of point-in-time recovery, encrypted and private
#   scales              1 to 2 tasks
#   spans_two_zones     two zones
#   sends_mail          mail through SES from mail_domain, records created only in a given zone
#   runs_worker         the worker service
#   serves_without_the_owner  the web and worker tasks and their execution role cannot read the
#                       database administrator's secret; only the migrate task gets it
# The merged run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  image_tag       = "0123456789abcdef"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  public_url      = "https://beta.example.com"
  mail_domain     = "mail.example.com"
}

run "as_configured" {
  command = plan

  assert {
    condition     = module.database.backup_retention_days >= 7
    error_message = "keeps_backups: staging must keep at least 7 days of point-in-time recovery."
  }

  assert {
    condition     = module.database.storage_encrypted && !module.database.publicly_accessible
    error_message = "keeps_backups: the staging database must be encrypted and private."
  }

  assert {
    condition     = module.service.min_capacity == 1 && module.service.max_capacity == 2
    error_message = "scales: staging runs 1 to 2 tasks."
  }

  assert {
    condition     = length(module.network.azs) >= 2
    error_message = "spans_two_zones: staging needs two zones (the database subnet group requires them)."
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
