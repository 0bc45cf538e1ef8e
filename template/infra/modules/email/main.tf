data "aws_region" "current" {}

locals {
  region           = data.aws_region.current.name
  mail_from_domain = "${var.mail_from_subdomain}.${var.domain}"
  # Easy DKIM always hands out three tokens; range(3) keeps the record count known at plan
  # time, before SES has generated them.
  dkim_tokens = aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens
  dns_records = concat(
    [for index in range(3) : {
      purpose = "DKIM key ${index + 1} of 3"
      name    = "${local.dkim_tokens[index]}._domainkey.${var.domain}"
      type    = "CNAME"
      value   = "${local.dkim_tokens[index]}.dkim.amazonses.com"
    }],
    [
      {
        purpose = "MAIL FROM: bounces and complaints come back to SES"
        name    = local.mail_from_domain
        type    = "MX"
        value   = "10 feedback-smtp.${local.region}.amazonses.com"
      },
      {
        purpose = "MAIL FROM: SPF lets SES send for the return path"
        name    = local.mail_from_domain
        type    = "TXT"
        value   = "v=spf1 include:amazonses.com ~all"
      },
      {
        purpose = "DMARC: what receivers do with mail that fails DKIM and SPF alignment"
        name    = "_dmarc.${var.domain}"
        type    = "TXT"
        value   = "v=DMARC1; p=${var.dmarc_policy}"
      },
    ],
  )
  sender_identity_arns = concat(
    [aws_sesv2_email_identity.this.arn],
    [for address in var.sandbox_recipients : aws_sesv2_email_identity.sandbox_recipient[address].arn],
  )
}

# Sending only: from addresses on the domain, on this identity (and the sandbox recipients'),
# through this configuration set.
locals {
  send_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "SendFromTheDomainThroughTheConfigurationSet"
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = concat(local.sender_identity_arns, [aws_sesv2_configuration_set.this.arn])
      Condition = {
        StringLike = { "ses:FromAddress" = "*@${var.domain}" }
      }
    }]
  })
}

# ------------------------------------------------------------------ configuration set
# Every message goes through it (the identity's default, and EMAIL_URL names it): reputation
# metrics, TLS to the receiving server, and the account-level suppression of addresses that
# bounced or complained, so the app never mails them again.
resource "aws_sesv2_configuration_set" "this" {
  configuration_set_name = var.name

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }

  sending_options {
    sending_enabled = true
  }

  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }

  tags = var.tags
}

# ------------------------------------------------------------------ the domain
# Easy DKIM: SES generates and rotates the key; the three CNAMEs of dns_records publish it,
# and publishing them is also what verifies the domain.
resource "aws_sesv2_email_identity" "this" {
  email_identity         = var.domain
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }

  tags = var.tags
}

# Bounces go to a subdomain of ours, so SPF passes for the return path and aligns with the
# From domain (DMARC). Until its MX record is found, SES falls back to its own domain rather
# than refusing to send.
resource "aws_sesv2_email_identity_mail_from_attributes" "this" {
  email_identity         = aws_sesv2_email_identity.this.email_identity
  mail_from_domain       = local.mail_from_domain
  behavior_on_mx_failure = "USE_DEFAULT_VALUE"
}

# A sandboxed account may only send to verified addresses.
resource "aws_sesv2_email_identity" "sandbox_recipient" {
  for_each = toset(var.sandbox_recipients)

  email_identity = each.value

  tags = var.tags
}

# ------------------------------------------------------------------ DNS
resource "aws_route53_record" "this" {
  count = var.route53_zone_id == "" ? 0 : length(local.dns_records)

  zone_id = var.route53_zone_id
  name    = local.dns_records[count.index].name
  type    = local.dns_records[count.index].type
  ttl     = 1800
  records = [local.dns_records[count.index].value]
}
