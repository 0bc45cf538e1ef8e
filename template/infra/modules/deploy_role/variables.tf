variable "name" {
  description = "The project's name: roles are <name>-<environment>-deploy and <name>-build, and an environment's resources are named <name>-<environment>-..."
  type        = string
}

variable "repository" {
  description = "The GitHub repository, owner/name, whose workflows may assume the role."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.repository))
    error_message = "repository must be owner/name as on GitHub, for example acme/acme-beta."
  }
}

variable "branch" {
  description = "The branch whose pushes may assume the build role to push images (the deploy workflow's trigger)."
  type        = string
  default     = "main"
}

variable "environments" {
  description = "GitHub environments, one per infra/envs folder: each gets its own deploy role, assumable only by jobs in that environment."
  type        = list(string)
  default     = ["staging", "production"]

  validation {
    condition     = length(var.environments) > 0 && alltrue([for name in var.environments : can(regex("^[a-z][a-z0-9-]*$", name)) && name != "build"])
    error_message = "environments must list at least one lowercase environment name (not build, the image build's role)."
  }
}

variable "state_bucket" {
  description = "The bucket of the environments' Terraform state (key <environment>/terraform.tfstate): each deploy role is kept out of the others' keys."
  type        = string
}

variable "lock_table" {
  description = "The DynamoDB table that locks the environments' state: each deploy role is kept off the others' lock items."
  type        = string
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OpenID Connect provider; false when the account already has one (there can be only one)."
  type        = bool
  default     = true
}

variable "max_session_hours" {
  description = "Longest a deploy may hold the role's credentials, in hours."
  type        = number
  default     = 1

  validation {
    condition     = var.max_session_hours >= 1 && var.max_session_hours <= 2
    error_message = "max_session_hours must be 1 or 2: a deploy takes minutes, not a working day."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
