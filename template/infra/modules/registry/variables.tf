variable "name" {
  description = "Name of the ECR repository, e.g. acme-beta-production."
  type        = string
}

variable "tagged_images_kept" {
  description = "How many tagged images the lifecycle policy keeps; older ones are deleted (enough to roll back several releases)."
  type        = number
  default     = 30

  validation {
    condition     = var.tagged_images_kept >= 5
    error_message = "tagged_images_kept must be at least 5, so a rollback target is still in the registry."
  }
}

variable "untagged_image_days" {
  description = "Days after which untagged images (left over from re-tags and failed pushes) are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_image_days >= 1
    error_message = "untagged_image_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
