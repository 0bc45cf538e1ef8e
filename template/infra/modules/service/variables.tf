variable "name" {
  description = "Name of the cluster, service and task family, and prefix of their companions, e.g. acme-beta-production."
  type        = string
}

variable "environment" {
  description = "The app's ENVIRONMENT setting: staging or production."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer and the tasks."
  type        = string
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC: the only place tasks may open PostgreSQL connections to."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the internet-facing load balancer, in at least two zones."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "public_subnet_ids needs subnets in at least two availability zones."
  }
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks (no public IP), in at least two zones."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "private_subnet_ids needs subnets in at least two availability zones."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener (request one for your domain in the same region and validate it by DNS)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>."
  }
}

variable "repository_arn" {
  description = "ECR repository the tasks pull from (the execution role may pull from it and nothing else)."
  type        = string
}

variable "repository_url" {
  description = "ECR repository URL, without a tag."
  type        = string
}

variable "image_tag" {
  description = "Image tag to run: the git commit CI built and pushed (tags are immutable)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a Docker tag other than latest, e.g. the git commit of the build."
  }
}

variable "command_name" {
  description = "The image's command line (its ENTRYPOINT): serve, worker, migrate and the scheduled commands are its subcommands."
  type        = string
}

variable "container_port" {
  description = "Port the app listens on inside the task."
  type        = number
  default     = 8000
}

variable "cpu" {
  description = "Task CPU units (1024 = 1 vCPU); the app runs one uvicorn worker per vCPU."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB; must be a size Fargate offers for the chosen cpu."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880
    error_message = "memory must be between 512 and 122880 MiB."
  }
}

variable "worker_cpu" {
  description = "CPU units of the worker task (1024 = 1 vCPU): it sends mail and forwards events, one job at a time."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.worker_cpu)
    error_message = "worker_cpu must be a Fargate size: 256, 512, 1024, 2048 or 4096."
  }
}

variable "worker_memory" {
  description = "Memory of the worker task in MiB; must be a size Fargate offers for worker_cpu."
  type        = number
  default     = 512

  validation {
    condition     = var.worker_memory >= 512 && var.worker_memory <= 30720
    error_message = "worker_memory must be between 512 and 30720 MiB."
  }
}

variable "min_capacity" {
  description = "Fewest running tasks: the floor autoscaling never goes below (2 or more keeps a task in each of two zones)."
  type        = number

  validation {
    condition     = var.min_capacity >= 1
    error_message = "min_capacity must be at least 1."
  }
}

variable "max_capacity" {
  description = "Most running tasks: the ceiling autoscaling never goes above (and the cost ceiling)."
  type        = number

  validation {
    condition     = var.max_capacity >= var.min_capacity
    error_message = "max_capacity must not be below min_capacity."
  }
}

variable "cpu_target_percent" {
  description = "Average task CPU that CPU target tracking holds: more tasks above it, fewer below."
  type        = number
  default     = 60

  validation {
    condition     = var.cpu_target_percent >= 10 && var.cpu_target_percent <= 90
    error_message = "cpu_target_percent must be between 10 and 90."
  }
}

variable "requests_per_task_target" {
  description = "Requests per second per task that request-count target tracking holds (see docs/deploy/scaling.md)."
  type        = number
  default     = 200

  validation {
    condition     = var.requests_per_task_target >= 1
    error_message = "requests_per_task_target must be at least 1 request per second."
  }
}

variable "log_retention_days" {
  description = "Days the app's logs are kept in CloudWatch Logs."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ..., 365, ..., 3653)."
  }
}

variable "access_log_retention_days" {
  description = "Days the load balancer's access logs are kept in S3."
  type        = number
  default     = 90

  validation {
    condition     = var.access_log_retention_days >= 1
    error_message = "access_log_retention_days must be at least 1."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer until this is turned off."
  type        = bool
}

variable "environment_variables" {
  description = "Plain settings for the app (LOG_LEVEL, ...); secrets never go here."
  type        = map(string)
  default     = {}
}

variable "secret_keys" {
  description = "Keys of the app's JSON secret in Secrets Manager that become environment variables of the same name."
  type        = list(string)
  default     = ["DATABASE_URL", "SECRET_KEY"]

  validation {
    condition     = alltrue([for key in var.secret_keys : can(regex("^[A-Z][A-Z0-9_]*$", key))])
    error_message = "secret_keys must be environment variable names in upper case, e.g. SECRET_KEY."
  }
}

variable "scheduled_commands" {
  description = "One-off tasks run on a schedule (EventBridge Scheduler, UTC): name => schedule expression and the subcommand to run."
  type = map(object({
    schedule_expression = string
    command             = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for job in values(var.scheduled_commands) : can(regex("^(cron|rate)\\(.+\\)$", job.schedule_expression))])
    error_message = "Each schedule_expression must be cron(...) or rate(...), e.g. cron(15 0 * * ? *)."
  }
}

variable "task_role_policies" {
  description = "IAM policies (name => JSON document) of the app's task role, shared by the web and worker tasks, e.g. { send-email = module.email.send_policy }; empty grants nothing."
  type        = map(string)
  default     = {}
}

variable "waf_requests_per_ip" {
  description = "Requests one client IP may send in 5 minutes before the web application firewall blocks it."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_requests_per_ip >= 10
    error_message = "waf_requests_per_ip must be at least 10 (AWS WAF's smallest rate limit)."
  }
}

variable "waf_login_requests_per_ip" {
  description = "Requests to /api/v1/auth/ and /login one client IP may send in 5 minutes before the web application firewall blocks it."
  type        = number
  default     = 100

  validation {
    condition     = var.waf_login_requests_per_ip >= 10
    error_message = "waf_login_requests_per_ip must be at least 10 (AWS WAF's smallest rate limit)."
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
