# Guarantees; each assert's error_message starts with the name of the one it checks:
#   signs_with_dkim     Easy DKIM with three published keys
#   returns_bounces     a MAIL FROM subdomain of the sending domain, with its MX and SPF
#   suppresses          a configuration set that suppresses bounces and complaints, TLS only
#   publishes_records   Route 53 records only when a hosted zone is given, all of them then
#   grants_sending      a send permission that names the identity and the configuration set,
#                       never every resource
#   sandbox_recipients  sandbox recipients verified and covered by the send permission
# The merged run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name   = "acme-test"
  domain = "mail.example.com"
}

run "as_configured" {
  module {
    source = "./modules/email"
  }

  command = plan

  assert {
    condition     = aws_sesv2_email_identity.this.dkim_signing_attributes[0].next_signing_key_length == "RSA_2048_BIT" && aws_sesv2_email_identity.this.dkim_signing_attributes[0].domain_signing_private_key == null
    error_message = "signs_with_dkim: the domain must sign with Easy DKIM (SES's 2048-bit keys, no key of our own)."
  }

  assert {
    condition     = [for record in output.dns_records : record.value if record.type == "CNAME"] == ["dkimtokenone.dkim.amazonses.com", "dkimtokentwo.dkim.amazonses.com", "dkimtokenthree.dkim.amazonses.com"]
    error_message = "signs_with_dkim: the three DKIM CNAMEs must point at SES's keys."
  }

  assert {
    condition     = alltrue([for record in output.dns_records : endswith(record.name, "._domainkey.mail.example.com") if record.type == "CNAME"])
    error_message = "signs_with_dkim: the DKIM CNAMEs must be published under _domainkey of the sending domain."
  }

  assert {
    condition     = aws_sesv2_email_identity_mail_from_attributes.this.mail_from_domain == "bounce.mail.example.com"
    error_message = "returns_bounces: the MAIL FROM domain must be bounce.<domain>."
  }

  assert {
    condition     = aws_sesv2_email_identity_mail_from_attributes.this.behavior_on_mx_failure == "USE_DEFAULT_VALUE"
    error_message = "returns_bounces: a missing MX record must fall back to SES's domain, not stop the mail."
  }

  assert {
    condition     = [for record in output.dns_records : "${record.type} ${record.value}" if record.name == "bounce.mail.example.com"] == ["MX 10 feedback-smtp.eu-west-1.amazonses.com", "TXT v=spf1 include:amazonses.com ~all"]
    error_message = "returns_bounces: the MAIL FROM domain needs the region's feedback MX and the SPF record."
  }

  assert {
    condition     = aws_sesv2_email_identity.this.configuration_set_name == "acme-test"
    error_message = "suppresses: the identity's default configuration set must be the module's."
  }

  assert {
    condition     = toset(aws_sesv2_configuration_set.this.suppression_options[0].suppressed_reasons) == toset(["BOUNCE", "COMPLAINT"])
    error_message = "suppresses: bounced and complaining addresses must be suppressed."
  }

  assert {
    condition     = aws_sesv2_configuration_set.this.reputation_options[0].reputation_metrics_enabled && aws_sesv2_configuration_set.this.delivery_options[0].tls_policy == "REQUIRE"
    error_message = "suppresses: reputation metrics must be on and delivery must require TLS."
  }

  assert {
    condition     = output.email_url == "ses://eu-west-1?configuration_set=acme-test"
    error_message = "suppresses: EMAIL_URL must name the region and the configuration set."
  }

  assert {
    condition     = length(aws_route53_record.this) == 0
    error_message = "publishes_records: without route53_zone_id no Route 53 record may be created."
  }

  assert {
    condition     = length(output.dns_records) == 6
    error_message = "publishes_records: the records to publish by hand must still be listed."
  }

  assert {
    condition     = jsondecode(output.send_policy).Statement[0].Resource == ["arn:aws:ses:eu-west-1:123456789012:identity/mock", "arn:aws:ses:eu-west-1:123456789012:configuration-set/mock"]
    error_message = "grants_sending: the send permission must name the identity and the configuration set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(output.send_policy).Statement : !contains(flatten([statement.Resource]), "*") && !contains(flatten([statement.Action]), "ses:*")])
    error_message = "grants_sending: the send permission must never apply to every resource or every SES action."
  }

  assert {
    condition     = sort(jsondecode(output.send_policy).Statement[0].Action) == tolist(["ses:SendEmail", "ses:SendRawEmail"])
    error_message = "grants_sending: the role may send and nothing else."
  }

  assert {
    condition     = jsondecode(output.send_policy).Statement[0].Condition.StringLike["ses:FromAddress"] == "*@mail.example.com"
    error_message = "grants_sending: only addresses on the sending domain may be used as From."
  }
}

run "publishes_every_record_in_the_zone" {
  module {
    source = "./modules/email"
  }

  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = length(aws_route53_record.this) == 6 && alltrue([for record in aws_route53_record.this : record.zone_id == "Z0123456789ABCDEFGHIJ"])
    error_message = "publishes_records: every record (3 DKIM, MX, SPF, DMARC) must be created in the given zone."
  }

  assert {
    condition     = [for record in aws_route53_record.this : "${record.type} ${record.name}"] == [for record in output.dns_records : "${record.type} ${record.name}"]
    error_message = "publishes_records: Route 53 must hold exactly the records of dns_records."
  }
}

run "verifies_sandbox_recipients" {
  module {
    source = "./modules/email"
  }

  command = plan

  variables {
    sandbox_recipients = ["tester@example.org"]
  }

  assert {
    condition     = keys(aws_sesv2_email_identity.sandbox_recipient) == ["tester@example.org"]
    error_message = "sandbox_recipients: each sandbox recipient must become a verified identity."
  }

  assert {
    condition     = length([for arn in jsondecode(output.send_policy).Statement[0].Resource : arn if strcontains(arn, ":identity/")]) == 2
    error_message = "sandbox_recipients: a sandbox recipient's identity must be covered by the send permission."
  }
}

run "refuses_a_mail_from_that_is_not_a_subdomain_label" {
  module {
    source = "./modules/email"
  }

  command = plan

  variables {
    mail_from_subdomain = "bounce.example.org"
  }

  expect_failures = [var.mail_from_subdomain]
}

run "refuses_a_domain_that_is_not_one" {
  module {
    source = "./modules/email"
  }

  command = plan

  variables {
    domain = "https://mail.example.com"
  }

  expect_failures = [var.domain]
}
