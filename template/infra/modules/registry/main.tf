# ECR reaches the key through grants it creates for the repository; the account's IAM
# policies decide who else may use it.
module "kms_key" {
  source = "../kms_key"

  description = "${var.name}: container images"

  tags = var.tags
}

resource "aws_ecr_repository" "this" {
  name = var.name
  # A tag names one image forever: a deploy of `git-sha` always runs what CI tested.
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = module.kms_key.key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Delete untagged images after ${var.untagged_image_days} days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_image_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest ${var.tagged_images_kept} images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.tagged_images_kept
        }
        action = { type = "expire" }
      },
    ]
  })
}

# The key's address before the kms_key module: existing state moves, the key stays.
moved {
  from = aws_kms_key.this
  to   = module.kms_key.aws_kms_key.this
}
