variable "name" {
  description = "Identifier of the RDS instance and prefix of its companions, e.g. acme-beta-production."
  type        = string
}

variable "vpc_id" {
  description = "VPC the database lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, in at least two availability zones, for the DB subnet group."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs subnets in at least two availability zones (RDS requires it, and multi-AZ needs them)."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect on the PostgreSQL port (the service's tasks); nothing else can."
  type        = list(string)
}

variable "database_name" {
  description = "Name of the application database created on the instance."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a lowercase letter and hold only lowercase letters, digits and underscores (at most 63)."
  }
}

variable "master_username" {
  description = "Administrator login; its password is generated and rotated by RDS in Secrets Manager, never in Terraform state."
  type        = string
  default     = "dbadmin"
}

variable "engine_version" {
  description = "PostgreSQL major version; minor versions are upgraded automatically in the maintenance window."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^1[4-9]$", var.engine_version))
    error_message = "engine_version must be a PostgreSQL major version from 14 on, e.g. \"16\"."
  }
}

variable "instance_class" {
  description = "RDS instance class, e.g. db.t4g.micro for staging or db.m7g.large for production."
  type        = string
  default     = "db.t4g.micro"
}

variable "allocated_storage_gb" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20
    error_message = "allocated_storage_gb must be at least 20 (the gp3 minimum)."
  }
}

variable "max_allocated_storage_gb" {
  description = "Ceiling for storage autoscaling in GiB; storage grows up to it without downtime."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage_gb >= var.allocated_storage_gb
    error_message = "max_allocated_storage_gb must not be below allocated_storage_gb."
  }
}

variable "backup_retention_days" {
  description = "Days of automated backups, and so how far back point-in-time recovery reaches (7 to 35)."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35: fewer than 7 days of point-in-time recovery is not a backup policy."
  }
}

variable "backup_window" {
  description = "Daily UTC window for the automated snapshot, hh24:mi-hh24:mi, outside the maintenance window."
  type        = string
  default     = "02:00-03:00"
}

variable "maintenance_window" {
  description = "Weekly UTC window for minor upgrades and patches, ddd:hh24:mi-ddd:hh24:mi."
  type        = string
  default     = "sun:04:00-sun:05:00"
}

variable "multi_az" {
  description = "A synchronous standby in a second zone that takes over within minutes if the primary fails."
  type        = bool
}

variable "deletion_protection" {
  description = "Refuse to delete the instance until this is turned off (a deliberate two-step)."
  type        = bool
}

variable "performance_insights_retention_days" {
  description = "Days of Performance Insights history (7 is free)."
  type        = number
  default     = 7
}

variable "monitoring_interval_seconds" {
  description = "Enhanced Monitoring interval in seconds (OS metrics per process)."
  type        = number
  default     = 60

  validation {
    condition     = contains([1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)
    error_message = "monitoring_interval_seconds must be one of 1, 5, 10, 15, 30, 60."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  description = "ARN of the policy every role of the module carries as its permissions boundary: the environment's, so its deploy role may create and change them (infra/modules/deploy_role); null for none."
  type        = string
  default     = null
}
