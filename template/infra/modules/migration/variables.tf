variable "name" {
  description = "Prefix of the task definition and its role, e.g. acme-beta-production (the family is <name>-migrate)."
  type        = string
}

variable "container" {
  description = "The app's container for a one-off task: image, settings, secrets, file system and logs (the service module's one_off_container output)."
  type        = any
}

variable "base_execution_policy" {
  description = "The serving tasks' execution policy (JSON; the service module's execution_policy): pull the image, write the logs, read the app's secret."
  type        = string
}

variable "migration_secret_arn" {
  description = "Secrets Manager secret of the role that owns the schema (the RDS administrator's, JSON with username and password); only this module's task reads it."
  type        = string
}

variable "migration_secret_kms_key_arn" {
  description = "KMS key that encrypts migration_secret_arn (the database module's key)."
  type        = string
}

variable "cluster_name" {
  description = "ECS cluster the migrations run in (migrate_command)."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the one-off task runs in."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the task: the app's tasks', which the database admits."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  description = "ARN of the policy the task's execution role carries as its permissions boundary (the environment's); null for none."
  type        = string
  default     = null
}
