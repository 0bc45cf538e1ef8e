variable "image_tag" {
  description = "Image tag to deploy: the git commit the deploy workflow built and pushed to this environment's registry."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (in this region) for the domain the load balancer answers on."
  type        = string
}

variable "alarm_email" {
  description = "Address that receives the alarms (confirm the subscription e-mail); empty subscribes no one."
  type        = string
  default     = ""
}

variable "public_url" {
  description = "The https base URL users reach the service at (the certificate's domain), e.g. https://beta.example.com: the app's PUBLIC_URL, which links in mails are built from."
  type        = string

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+(:[0-9]+)?(/.*)?$", var.public_url)) && !endswith(var.public_url, "/")
    error_message = "public_url must be an https URL without a trailing slash, e.g. https://beta.example.com."
  }
}

variable "mail_domain" {
  description = "Domain the app sends mail from (SES identity with Easy DKIM), e.g. mail.example.com; each environment needs its own when they share an AWS account and region."
  type        = string
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of mail_domain, where the DKIM, MAIL FROM and DMARC records are created; empty creates none (publish the email_dns_records output yourself)."
  type        = string
  default     = ""
}
