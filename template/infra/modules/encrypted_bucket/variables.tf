variable "name" {
  description = "Globally unique bucket name; null to let AWS complete name_prefix instead."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Prefix AWS completes into a unique bucket name, when name is null."
  type        = string
  default     = null

  validation {
    condition     = (var.name == null) != (var.name_prefix == null)
    error_message = "Set exactly one of name and name_prefix."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key that encrypts every object by default (with an S3 bucket key). Null encrypts with S3-managed keys (SSE-S3): only for writers that accept nothing else, such as load balancer access logs."
  type        = string
  default     = null
}

variable "prevent_destroy" {
  description = "Refuse to destroy the bucket (terraform destroy fails). Changing it moves the bucket to another resource address: add a moved block first."
  type        = bool
  default     = true
}

variable "policy_statements" {
  description = "Allow statements of the bucket policy, before the statement that refuses every request without TLS: Sid, principal (for example { Service = \"logdelivery.elasticloadbalancing.amazonaws.com\" }), actions, and the object keys they apply to, relative to the bucket (\"AWSLogs/123456789012/*\")."
  type = list(object({
    sid          = string
    principal    = map(string)
    actions      = list(string)
    object_paths = list(string)
  }))
  default = []
}

variable "lifecycle_rule_id" {
  description = "Id of the lifecycle rule that expires old versions (and, with expiration_days, current objects)."
  type        = string
  default     = "expire-old-versions"
}

variable "expiration_days" {
  description = "Days after which current objects expire; null keeps them."
  type        = number
  default     = null

  validation {
    condition     = var.expiration_days == null || coalesce(var.expiration_days, 1) >= 1
    error_message = "expiration_days must be at least 1."
  }
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted version is kept before it expires."
  type        = number

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags added to the bucket."
  type        = map(string)
  default     = {}
}
