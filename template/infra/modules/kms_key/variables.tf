variable "description" {
  description = "What the key encrypts, shown in the KMS console."
  type        = string
}

variable "service_statements" {
  description = "AWS services that may use the key besides the account's IAM principals: one key policy statement each (Sid, service principal such as logs.eu-west-1.amazonaws.com, actions, and an optional condition as operator => key => value). Services that reach the key through grants (RDS, ECR, Secrets Manager) need none."
  type = list(object({
    sid       = string
    service   = string
    actions   = list(string)
    condition = optional(map(map(string)))
  }))
  default = []
}

variable "deletion_window_in_days" {
  description = "Days a deleted key waits before it is destroyed (and everything it encrypted with it), during which the deletion can be cancelled. Null leaves AWS's default, the longest: 30 days (and keeps the plan of keys created before this module free of changes)."
  type        = number
  default     = null

  validation {
    condition     = var.deletion_window_in_days == null || (coalesce(var.deletion_window_in_days, 30) >= 7 && coalesce(var.deletion_window_in_days, 30) <= 30)
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "alias" {
  description = "Alias name without the alias/ prefix, or null for no alias."
  type        = string
  default     = null

  validation {
    condition     = var.alias == null || can(regex("^[a-zA-Z0-9/_-]+$", var.alias)) && !startswith(coalesce(var.alias, "-"), "aws/")
    error_message = "alias must be letters, digits, /, _ and - and must not start with aws/."
  }
}

variable "tags" {
  description = "Tags added to the key."
  type        = map(string)
  default     = {}
}
