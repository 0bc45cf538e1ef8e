variable "name" {
  description = "Prefix of the module's resources, e.g. acme-beta-production."
  type        = string
}

variable "source_db_instance_arn" {
  description = "ARN of the RDS instance whose automated backups are copied (database module output)."
  type        = string
}

variable "retention_days" {
  description = "Days of replicated backups kept in the disaster-recovery region, and so how far back a restore there reaches (7 to 35)."
  type        = number

  validation {
    condition     = var.retention_days >= 7 && var.retention_days <= 35
    error_message = "retention_days must be between 7 and 35: a copy that outlives less than a week is not a disaster-recovery plan."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
