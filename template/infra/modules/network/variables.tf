variable "name" {
  description = "Name of the VPC and prefix of every resource in it, e.g. acme-beta-production."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 range of the VPC, /17 or larger; each subnet takes a /20 of it, public ones from the first half, private ones from the second."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 17
    error_message = "cidr_block must be an IPv4 CIDR block of /17 or larger (room for 4 public and 4 private /20 subnets), e.g. 10.0.0.0/16."
  }
}

variable "az_count" {
  description = "How many availability zones get a public and a private subnet; at least two, so one zone can fail."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4
    error_message = "az_count must be between 2 and 4: one zone is a single point of failure."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, staging) instead of one per zone (survives a zone outage)."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Days the VPC flow logs are kept in CloudWatch Logs."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ..., 365, ..., 3653)."
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
