output "domain" {
  description = "The verified sending domain."
  value       = aws_sesv2_email_identity.this.email_identity
}

output "identity_arn" {
  description = "ARN of the domain identity."
  value       = aws_sesv2_email_identity.this.arn
}

output "configuration_set_name" {
  description = "Configuration set every message goes through."
  value       = aws_sesv2_configuration_set.this.configuration_set_name
}

output "configuration_set_arn" {
  description = "ARN of the configuration set."
  value       = aws_sesv2_configuration_set.this.arn
}

output "mail_from_domain" {
  description = "Custom MAIL FROM (return path) domain, a subdomain of domain."
  value       = aws_sesv2_email_identity_mail_from_attributes.this.mail_from_domain
}

output "email_url" {
  description = "The app's EMAIL_URL: SES v2 in this region through this configuration set, with the task role's credentials."
  value       = "ses://${local.region}?configuration_set=${aws_sesv2_configuration_set.this.configuration_set_name}"
}

output "dns_records" {
  description = "Records to publish in the domain's DNS (purpose, name, type, value): three DKIM CNAMEs, the MAIL FROM MX and SPF TXT, a DMARC TXT."
  value       = local.dns_records
}

output "route53_record_count" {
  description = "Records the module published in Route 53 (0 without route53_zone_id)."
  value       = length(aws_route53_record.this)
}

output "send_policy" {
  description = "IAM policy (JSON) that lets a role send through SES from addresses on domain, through the configuration set only."
  value       = local.send_policy
}
