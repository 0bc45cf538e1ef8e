variable "name" {
  description = "Prefix of the topic, the alarms and the dashboard, e.g. acme-beta-production."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (it must confirm by e-mail); empty subscribes no one."
  type        = string
  default     = ""

  validation {
    condition     = var.alarm_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or empty."
  }
}

variable "runbook_url" {
  description = "Page each alarm links to: what the alarm means and what to do."
  type        = string
}

variable "alb_arn_suffix" {
  description = "Load balancer ARN suffix (service module output)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "Target group ARN suffix (service module output)."
  type        = string
}

variable "cluster_name" {
  description = "ECS cluster name (service module output)."
  type        = string
}

variable "service_name" {
  description = "ECS service name (service module output)."
  type        = string
}

variable "worker_service_name" {
  description = "ECS service name of the worker (service module output)."
  type        = string
}

variable "db_instance_id" {
  description = "RDS instance identifier (database module output)."
  type        = string
}

variable "db_allocated_storage_gb" {
  description = "The database's storage in GiB; the free-storage alarm fires below a share of it."
  type        = number
}

variable "db_max_connections" {
  description = "The database's max_connections (RDS derives it from the instance memory: about 80 on db.t4g.micro, 400 on db.t4g.medium)."
  type        = number
  default     = 80
}

variable "error_rate_percent" {
  description = "5xx responses, as a percentage of requests over 5 minutes, above which the 5xx alarm fires."
  type        = number
  default     = 5

  validation {
    condition     = var.error_rate_percent > 0 && var.error_rate_percent <= 100
    error_message = "error_rate_percent must be above 0 and at most 100."
  }
}

variable "p95_latency_seconds" {
  description = "95th-percentile target response time, in seconds, above which the latency alarm fires."
  type        = number
  default     = 1

  validation {
    condition     = var.p95_latency_seconds > 0
    error_message = "p95_latency_seconds must be above 0."
  }
}

variable "cpu_percent" {
  description = "Average task CPU above which the service CPU alarm fires (autoscaling should act well before)."
  type        = number
  default     = 85
}

variable "memory_percent" {
  description = "Average task memory above which the service memory alarm fires."
  type        = number
  default     = 85
}

variable "db_cpu_percent" {
  description = "Database CPU above which the database CPU alarm fires."
  type        = number
  default     = 80
}

variable "db_free_storage_percent" {
  description = "Free database storage, as a percentage of the allocated storage, below which the storage alarm fires."
  type        = number
  default     = 10

  validation {
    condition     = var.db_free_storage_percent > 0 && var.db_free_storage_percent < 100
    error_message = "db_free_storage_percent must be between 0 and 100."
  }
}

variable "db_connections_percent" {
  description = "Connections, as a percentage of db_max_connections, above which the connections alarm fires."
  type        = number
  default     = 80
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
