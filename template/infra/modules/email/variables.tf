variable "name" {
  description = "Name of the SES configuration set, e.g. acme-beta-production."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores (an SES configuration set name)."
  }
}

variable "domain" {
  description = "Domain the app sends from, verified in SES with Easy DKIM, e.g. mail.example.com (MAIL_FROM must be an address on it)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "domain must be a lower-case domain name such as mail.example.com."
  }
}

variable "mail_from_subdomain" {
  description = "Label of the custom MAIL FROM domain under domain (bounce gives bounce.<domain>): the return path that SPF checks."
  type        = string
  default     = "bounce"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.mail_from_subdomain))
    error_message = "mail_from_subdomain must be one DNS label (letters, digits, hyphens), e.g. bounce."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of domain: the module publishes the DKIM, MAIL FROM and DMARC records there. Empty publishes nothing (the dns_records output lists them)."
  type        = string
  default     = ""
}

variable "dmarc_policy" {
  description = "DMARC policy suggested for domain: none (report only) at first, quarantine or reject once the reports are clean."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "quarantine", "reject"], var.dmarc_policy)
    error_message = "dmarc_policy must be none, quarantine or reject."
  }
}

variable "sandbox_recipients" {
  description = "Addresses to verify as SES identities so that an account still in the SES sandbox may send to them (each receives a verification mail); the send policy covers them too. Empty once production access is granted."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.sandbox_recipients : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "sandbox_recipients must be e-mail addresses."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
